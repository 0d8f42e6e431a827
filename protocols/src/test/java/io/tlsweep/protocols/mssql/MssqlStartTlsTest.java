package io.tlsweep.protocols.mssql;

import static io.tlsweep.protocols.testing.Bytes.ascii;
import static io.tlsweep.protocols.testing.Bytes.concat;
import static io.tlsweep.protocols.testing.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.PreludeOutcome;
import io.tlsweep.core.prelude.PreludeSession;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.protocols.testing.PreludeFuzz;
import io.tlsweep.protocols.testing.PreludeTranscript;
import io.tlsweep.protocols.testing.TranscriptCase;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The PRELOGIN exchange. There is no SQL Server on Debian to record; the server's answers are
 * built from [MS-TDS] 2.2.6.5 the way SQL Server 2022 (16.0.1000, RTM) writes them: a 0x04
 * packet, VERSION first, every option the client sent answered (THREADID with no data), MARS off.
 */
class MssqlStartTlsTest extends TranscriptCase {

    static final PreludeOptions OPTIONS = new PreludeOptions("tlsweep.invalid", null, 1433);

    /** What the client must send, written out independently of the dialect's constant. */
    static final String CLIENT_PRELOGIN = "1201002f00000100"
            + "00001a0006" + "0100200001" + "0200210001" + "0300220004" + "0400260001" + "ff"
            + "000000000000" + "00" + "00" + "00000000" + "00";

    /** SQL Server 2022 RTM's answer with the given ENCRYPTION byte. */
    static byte[] sql2022(int encryption) {
        return packet(0x04, 0x01, preloginReply(hex("10 00 03e8 0000"), encryption));
    }

    /** VERSION, ENCRYPTION, INSTOPT, THREADID (empty), MARS; then the data. */
    static byte[] preloginReply(byte[] version, int encryption) {
        return concat(hex("00 001a 0006  01 0020 0001  02 0021 0001  03 0022 0000  04 0022 0001  ff"),
                version, new byte[] {(byte) encryption}, hex("00"), hex("00"));
    }

    static byte[] packet(int type, int status, byte[] payload) {
        int n = payload.length + 8;
        return concat(new byte[] {(byte) type, (byte) status, (byte) (n >> 8), (byte) n, 0, 0, 1, 0}, payload);
    }

    private PreludeTranscript start() {
        return start(new MssqlStartTls(), OPTIONS);
    }


    @Test
    void clientSendsPreloginFirst() {
        start();
        assertEquals(CLIENT_PRELOGIN, hex(t.nextSent()));
        assertNull(t.nextSent());
        assertEquals(0, t.endings());
    }

    @Test
    void sql2022WithEncryptOffGoesToTls() {
        start().receive(sql2022(0x00));
        assertTrue(t.upgraded());
        assertFalse(t.injected());
        assertEquals(1, t.endings());
        assertEquals(new PreludeInfo("mssql", "SQL Server 16.0.1000", true, "ENCRYPT_OFF",
                "encryption off: the server would encrypt the login only", false), t.facts());
        t.nextSent(); // the PRELOGIN
        assertNull(t.nextSent(), "nothing more in plaintext: the ClientHello is the probe's, inside TDS");
    }

    @ParameterizedTest
    @CsvSource({"1, ENCRYPT_ON", "3, ENCRYPT_REQ", "129, ENCRYPT_ON", "131, ENCRYPT_REQ"})
    void everyAnswerButNotSupGoesToTls(int encryption, String code) {
        start().receive(sql2022(encryption));
        assertTrue(t.upgraded());
        assertEquals(code, t.facts().replyCode());
        assertEquals(true, t.facts().starttlsAdvertised());
        assertEquals(encryption >= 0x80, t.facts().replyText().contains("client certificate"), t.facts().replyText());
    }

    @Test
    void oneByteAtATime() {
        start().receiveOneByteAtATime(sql2022(0x03));
        assertTrue(t.upgraded());
        assertEquals(1, t.endings());
        assertEquals("SQL Server 16.0.1000", t.facts().banner());
    }

    @Test
    void aReplySplitOverTwoPacketsIsReassembled() {
        byte[] payload = preloginReply(hex("0f 00 1144 0000"), 0x01); // SQL Server 2019, 15.0.4420
        byte[] first = packet(0x04, 0x00, Arrays.copyOf(payload, 10));
        byte[] second = packet(0x04, 0x01, Arrays.copyOfRange(payload, 10, payload.length));
        start().receive(first);
        assertEquals(0, t.endings(), "no EOM yet");
        t.receive(second);
        assertTrue(t.upgraded());
        assertFalse(t.injected());
        assertEquals("SQL Server 15.0.4420", t.facts().banner());
    }

    @Test
    void nothingHappensBeforeTheReplyIsComplete() {
        byte[] reply = sql2022(0x00);
        start().receive(Arrays.copyOf(reply, reply.length - 1));
        assertEquals(0, t.endings());
    }

    @Test
    void encryptNotSupIsStarttlsUnsupported() {
        start().receive(sql2022(0x02));
        assertEquals(PreludeOutcome.STARTTLS_UNSUPPORTED, t.outcome());
        assertEquals(new PreludeInfo("mssql", "SQL Server 16.0.1000", false, "ENCRYPT_NOT_SUP",
                "the server does not support encryption", false), t.facts());
    }

    @Test
    void bytesBehindTheReplyAreInjection() {
        start().receive(concat(sql2022(0x01), packet(0x04, 0x01, hex("fd 0000 0000 0000000000000000"))));
        assertTrue(t.upgraded());
        assertTrue(t.injected(), "a server has nothing to say between its PRELOGIN and our ClientHello");
    }

    @Test
    void sshBannerIsAMismatch() {
        start().receive(ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
        assertEquals("not a TDS PRELOGIN reply: starts with \"SSH-2.0-OpenSSH_9.2p1 De\"", t.reason());
        assertNull(t.facts().starttlsAdvertised());
    }

    @Test
    void httpIsAMismatch() {
        start().receive(ascii("HTTP/1.1 400 Bad Request\r\n\r\n"));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
    }

    @Test
    void aTlsAlertFromAStrictOnlyServerIsAMismatch() {
        start().receive(hex("15 0303 0002 02 28")); // TDS 8 "strict": TLS first, our PRELOGIN is not a ClientHello
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
    }

    @Test
    void aClientPreloginEchoedBackIsAMismatch() {
        start().receive(hex(CLIENT_PRELOGIN)); // type 0x12: a reflector, not a server's reply
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
    }

    @Test
    void anOptionPointingPastTheReplyIsAMismatch() {
        byte[] payload = preloginReply(hex("10 00 03e8 0000"), 0x00);
        payload[8] = 0x7f; // ENCRYPTION's offset 0x0020 -> 0x7f20
        start().receive(packet(0x04, 0x01, payload));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
        assertTrue(t.reason().contains("points past"), t.reason());
    }

    @Test
    void aReplyWithoutEncryptionIsAMismatch() {
        start().receive(packet(0x04, 0x01, hex("00 0006 0006 ff 10 00 03e8 0000")));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
        assertEquals("SQL Server 16.0.1000", t.facts().banner(), "what was read is kept");
    }

    @Test
    void aReplyWithoutTerminatorIsAMismatch() {
        start().receive(packet(0x04, 0x01, hex("00 0005 0001 00")));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
    }

    @Test
    void aPacketLengthBelowTheHeaderIsAMismatch() {
        start().receive(hex("04 01 0004 0000 0100"));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
    }

    @Test
    void anEndlessReplyIsCutAtItsBound() {
        byte[] chunk = packet(0x04, 0x00, new byte[4088]);
        start();
        for (int i = 0; i < 3 && t.endings() == 0; i++) {
            t.receive(chunk);
        }
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
        assertTrue(t.reason().contains("longer than"), t.reason());
    }

    @Test
    void eachSessionHandsOverItsOwnFramingHandler() {
        PreludeSession a = new MssqlStartTls().newSession(OPTIONS);
        PreludeSession b = new MssqlStartTls().newSession(OPTIONS);
        assertInstanceOf(TdsTlsFramingHandler.class, a.tlsFraming());
        assertNotSame(a.tlsFraming(), b.tlsFraming());
    }

    @Test
    void randomInputOnlyEverEndsCleanly() {
        PreludeFuzz.run(new MssqlStartTls(), OPTIONS,
                List.of(sql2022(0x00), sql2022(0x02), sql2022(0x83),
                        packet(0x04, 0x00, Arrays.copyOf(preloginReply(hex("10 00 03e8 0000"), 1), 12))),
                1433, 5000);
    }
}
