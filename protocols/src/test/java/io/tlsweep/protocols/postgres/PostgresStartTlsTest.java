package io.tlsweep.protocols.postgres;

import static io.tlsweep.protocols.testing.Bytes.ascii;
import static io.tlsweep.protocols.testing.Bytes.concat;
import static io.tlsweep.protocols.testing.Bytes.hex;
import static io.tlsweep.protocols.testing.Bytes.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.PreludeOutcome;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.protocols.testing.PreludeFuzz;
import io.tlsweep.protocols.testing.PreludeTranscript;
import io.tlsweep.protocols.testing.TranscriptCase;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PostgreSQL SSLRequest against the answers a postmaster (or pgbouncer) gives, and non-PostgreSQL peers. */
class PostgresStartTlsTest extends TranscriptCase {

    static final PreludeOptions OPTIONS = new PreludeOptions("tlsweep.invalid", null, 5432);

    /** A protocol-3 ErrorResponse as PostgreSQL 15 writes it: S, V, C, M, F, L, R fields. */
    static final byte[] TOO_MANY_CLIENTS = errorResponse("SFATAL", "VFATAL", "C53300",
            "Msorry, too many clients already", "Fproc.c", "L362", "RInitProcess");

    /** What the postmaster writes when fork() fails: no protocol version yet, so 'E' + text + NUL. */
    static final byte[] FORK_FAILURE =
            ascii("Ecould not fork new process for connection: Resource temporarily unavailable\n\0");

    static byte[] errorResponse(String... fields) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String f : fields) {
            body.writeBytes(utf8(f));
            body.write(0);
        }
        body.write(0);
        byte[] b = body.toByteArray();
        return concat(ascii("E"), ByteBuffer.allocate(4).putInt(b.length + 4).array(), b);
    }

    private PreludeTranscript start() {
        return start(new PostgresStartTls(), OPTIONS);
    }


    @Test
    void sendsSslRequestFirst() {
        start();
        assertEquals("0000000804d2162f", hex(t.nextSent()));
        assertNull(t.nextSent());
    }

    @Test
    void sStartsTls() {
        start().receive(ascii("S"));
        assertTrue(t.upgraded());
        assertFalse(t.injected());
        assertEquals(new PreludeInfo("postgres", null, null, "S", null, false), t.facts());
    }

    @Test
    void bytesBehindTheSAreInjection() {
        // CVE-2021-23214: a man in the middle appends plaintext "server" messages to the 'S'.
        start().receive(concat(ascii("S"), hex("52 00 00 00 08 00 00 00 00")));
        assertTrue(t.upgraded());
        assertTrue(t.injected(), "only the 'S' is consumed");
    }

    @Test
    void nIsUnsupported() {
        start().receive(ascii("N"));
        assertEquals(PreludeOutcome.STARTTLS_UNSUPPORTED, t.outcome());
        assertEquals("N", t.facts().replyCode());
        assertNull(t.facts().starttlsAdvertised(), "PostgreSQL has no capability list");
    }

    @Test
    void errorResponseIsServiceUnavailableOneByteAtATime() {
        start().receiveOneByteAtATime(TOO_MANY_CLIENTS);
        assertEquals(1, t.endings());
        assertEquals(PreludeOutcome.SERVICE_UNAVAILABLE, t.outcome());
        assertEquals("53300", t.facts().replyCode());
        assertEquals("FATAL: sorry, too many clients already", t.facts().replyText());
        assertEquals("PostgreSQL error before TLS: 53300 FATAL: sorry, too many clients already", t.reason());
    }

    @Test
    void forkFailureInTheBareFormIsServiceUnavailable() {
        start().receiveOneByteAtATime(FORK_FAILURE);
        assertEquals(PreludeOutcome.SERVICE_UNAVAILABLE, t.outcome());
        assertEquals("E", t.facts().replyCode());
        assertEquals("could not fork new process for connection: Resource temporarily unavailable",
                t.facts().replyText());
    }

    @Test
    void aLongMessageIsCut() {
        start().receive(errorResponse("SFATAL", "C08P01", "M" + "z".repeat(2000)));
        assertEquals(PreludeOutcome.SERVICE_UNAVAILABLE, t.outcome());
        assertEquals(256, t.facts().replyText().length());
    }

    /** Found by PostgresReplyFuzzTest: the SQLSTATE field went to reply_code whole (up to 8 KiB, raw). */
    @Test
    void aHostileSqlstateIsCutAndEscaped() {
        start().receive(errorResponse("SFATAL", "C" + "\n\u00e9".repeat(2000), "Mno"));
        assertEquals(PreludeOutcome.SERVICE_UNAVAILABLE, t.outcome());
        assertEquals("\\n\\xc3\\xa9".repeat(5) + "\\n", t.facts().replyCode());
    }

    @Test
    void anErrorResponseWithoutItsFinalZeroIsAMismatch() {
        byte[] broken = TOO_MANY_CLIENTS.clone();
        broken[broken.length - 1] = 'x';
        start().receive(broken);
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
    }

    @Test
    void aHugeErrorLengthIsRefusedWithoutWaiting() {
        start().receive(hex("45 00 7f ff ff"));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
        assertTrue(t.reason().contains("length"), t.reason());
    }

    @Test
    void sshBannerIsAMismatchDespiteItsLeadingS() {
        start().receive(ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
        assertTrue(t.reason().contains("SSH-2.0"), t.reason());
    }

    @Test
    void httpIsAMismatch() {
        start().receive(ascii("HTTP/1.1 400 Bad Request\r\n\r\n"));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
        assertEquals("not a PostgreSQL answer to SSLRequest: starts with \"HTTP/1.1 400 Bad Request\"", t.reason());
    }

    @Test
    void aTlsAlertIsAMismatch() {
        // a server that only speaks TLS answers our plaintext with an alert record
        start().receive(hex("15 03 01 00 02 02 46"));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
    }

    @Test
    void randomInputOnlyEverEndsCleanly() {
        PreludeFuzz.run(new PostgresStartTls(), OPTIONS,
                List.of(ascii("S"), ascii("N"), TOO_MANY_CLIENTS, FORK_FAILURE), 5432, 5000);
    }
}
