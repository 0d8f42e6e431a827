package io.tlsweep.protocols.postgres;

import static io.tlsweep.protocols.testing.Bytes.ascii;
import static io.tlsweep.protocols.testing.Bytes.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.protocols.testing.ScriptedServer;
import io.tlsweep.protocols.testing.StartTlsScans;
import org.junit.jupiter.api.Test;

/** PostgreSQL SSLRequest through the real engine against fake postmasters on 127.0.0.x. */
class PostgresStartTlsEngineTest {

    private static final int REQUEST = 8;

    private static ScriptedServer postmaster(byte[] answer, boolean thenTls) {
        return new ScriptedServer(62, thenTls ? StartTlsScans.serverTls() : null, (c, in) -> {
            if (in.readableBytes() >= REQUEST) {
                in.skipBytes(REQUEST);
                c.write(answer);
                if (thenTls) {
                    c.startTls();
                }
            }
        });
    }

    @Test
    void sReachesTheCertificate() throws Exception {
        try (ScriptedServer server = postmaster(ascii("S"), true)) {
            ScanRecord r = StartTlsScans.scanOne(new PostgresStartTls(), server.target(StartTlsScans.SERVER_NAME));
            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertNotNull(r.certs());
            assertEquals("S", r.prelude().replyCode());
            assertEquals(false, r.prelude().injection());
        }
    }

    @Test
    void injectedBytesBehindTheSAreFlaggedOnTheRecord() throws Exception {
        // The fake writes 'S' and a forged AuthenticationOk in one segment, then does TLS anyway.
        byte[] forged = concat(ascii("S"), new byte[] {'R', 0, 0, 0, 8, 0, 0, 0, 0});
        try (ScriptedServer server = postmaster(forged, true)) {
            ScanRecord r = StartTlsScans.scanOne(new PostgresStartTls(), server.target(StartTlsScans.SERVER_NAME));
            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertEquals(true, r.prelude().injection(), r.toString());
        }
    }

    @Test
    void nIsStarttlsUnsupported() throws Exception {
        try (ScriptedServer server = postmaster(ascii("N"), false)) {
            ScanRecord r = StartTlsScans.scanOne(new PostgresStartTls(), server.target(null));
            assertEquals(Status.STARTTLS_UNSUPPORTED, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertEquals("N", r.prelude().replyCode());
            assertNull(r.prelude().starttlsAdvertised());
        }
    }

    @Test
    void errorIsServiceUnavailable() throws Exception {
        try (ScriptedServer server = postmaster(PostgresStartTlsTest.TOO_MANY_CLIENTS, false)) {
            ScanRecord r = StartTlsScans.scanOne(new PostgresStartTls(), server.target(null));
            assertEquals(Status.SERVICE_UNAVAILABLE, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertEquals("53300", r.prelude().replyCode());
            assertEquals("FATAL: sorry, too many clients already", r.prelude().replyText());
        }
    }

    @Test
    void garbageIsProtocolMismatch() throws Exception {
        try (ScriptedServer server = postmaster(ascii("220 mail.lab.test ESMTP Postfix\r\n"), false)) {
            ScanRecord r = StartTlsScans.scanOne(new PostgresStartTls(), server.target(null));
            assertEquals(Status.PROTOCOL_MISMATCH, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertTrue(r.error().contains("220 mail.lab.test"), r.error());
        }
    }

    @Test
    void silenceTimesOutInThePrelude() throws Exception {
        try (ScriptedServer server = new ScriptedServer(62, null, (c, in) -> in.skipBytes(in.readableBytes()))) {
            ScanRecord r = StartTlsScans.scanOne(new PostgresStartTls(), server.target(null));
            assertEquals(Status.TIMEOUT, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertNull(r.prelude().replyCode());
        }
    }
}
