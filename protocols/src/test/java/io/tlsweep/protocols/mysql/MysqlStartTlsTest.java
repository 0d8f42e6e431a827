package io.tlsweep.protocols.mysql;

import static io.tlsweep.protocols.testing.Bytes.ascii;
import static io.tlsweep.protocols.testing.Bytes.concat;
import static io.tlsweep.protocols.testing.Bytes.hex;
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
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MySQL / MariaDB greetings (with and without CLIENT_SSL), ERR greetings, and non-MySQL peers. */
class MysqlStartTlsTest extends TranscriptCase {

    static final PreludeOptions OPTIONS = new PreludeOptions("tlsweep.invalid", null, 3306);

    /** MariaDB 10.11.6 on Debian 12 with ssl_cert set: capabilities fe ff (CLIENT_SSL on). */
    static final byte[] MARIADB_TLS = mariadb("feff");
    /** The same server without a certificate: fe f7, CLIENT_SSL (0x0800) off. */
    static final byte[] MARIADB_NO_TLS = mariadb("fef7");

    /** MySQL 8.0.36: capabilities ff ff, caching_sha2_password. */
    static final byte[] MYSQL8 = packet(0, concat(hex("0a"), ascii("8.0.36\0"), hex("0b000000"),
            ascii("E!x3,5\u0014p"), hex("00 ffff ff 0200 ffdf 15"), new byte[10],
            ascii("b<7Qm)9#VzLk\0"), ascii("caching_sha2_password\0")));

    /** MariaDB refusing a client address: ERR 1130, no SQLSTATE marker before authentication. */
    static final byte[] HOST_NOT_ALLOWED = packet(0, concat(hex("ff 6a04"),
            ascii("Host '127.0.0.1' is not allowed to connect to this MariaDB server")));

    /** MySQL's "Too many connections", 1040, here with the protocol-41 SQLSTATE marker. */
    static final byte[] TOO_MANY = packet(0, concat(hex("ff 1004"), ascii("#08004Too many connections")));

    static byte[] mariadb(String lowCaps) {
        return packet(0, concat(hex("0a"), ascii("5.5.5-10.11.6-MariaDB-0+deb12u1\0"), hex("1f000000"),
                ascii("Ab3$xY!q"), hex("00"), hex(lowCaps), hex("2d 0200 ff81 15"), new byte[6], hex("1d000000"),
                ascii("w7@TqB:]e{8R\0"), ascii("mysql_native_password\0")));
    }

    static byte[] packet(int sequence, byte[] payload) {
        int n = payload.length;
        return concat(new byte[] {(byte) n, (byte) (n >> 8), (byte) (n >> 16), (byte) sequence}, payload);
    }

    private PreludeTranscript start() {
        return start(new MysqlStartTls(), OPTIONS);
    }


    @Test
    void serverSpeaksFirst() {
        start();
        assertNull(t.nextSent());
    }

    @Test
    void mariadbWithTlsGetsTheSslRequestThenTls() {
        start().receive(MARIADB_TLS);
        assertEquals("20000001" + "018a0000" + "00000001" + "21" + "00".repeat(23), hex(t.nextSent()));
        assertNull(t.nextSent());
        assertTrue(t.upgraded());
        assertFalse(t.injected());
        assertEquals(new PreludeInfo("mysql", "5.5.5-10.11.6-MariaDB-0+deb12u1", true, null, null, false), t.facts());
    }

    @Test
    void mysql8OneByteAtATime() {
        start().receiveOneByteAtATime(MYSQL8);
        assertEquals(36, t.nextSent().length);
        assertTrue(t.upgraded());
        assertEquals(1, t.endings());
        assertEquals("8.0.36", t.facts().banner());
    }

    @Test
    void nothingIsSentBeforeTheGreetingIsComplete() {
        start().receive(Arrays.copyOf(MARIADB_TLS, MARIADB_TLS.length - 1));
        assertNull(t.nextSent());
        assertEquals(0, t.endings());
    }

    @Test
    void bytesAfterTheGreetingAreInjection() {
        start().receive(concat(MARIADB_TLS, packet(1, hex("00 00 00 02 00 00 00"))));
        assertTrue(t.upgraded());
        assertTrue(t.injected(), "the server may not speak between its greeting and our ClientHello");
    }

    @Test
    void withoutClientSslItIsUnsupported() {
        start().receive(MARIADB_NO_TLS);
        assertNull(t.nextSent(), "no SSLRequest to a server that cannot take it");
        assertEquals(PreludeOutcome.STARTTLS_UNSUPPORTED, t.outcome());
        assertEquals(false, t.facts().starttlsAdvertised());
        assertEquals("5.5.5-10.11.6-MariaDB-0+deb12u1", t.facts().banner());
    }

    @Test
    void hostNotAllowedIsServiceUnavailable() {
        start().receive(HOST_NOT_ALLOWED);
        assertEquals(PreludeOutcome.SERVICE_UNAVAILABLE, t.outcome());
        assertEquals("1130", t.facts().replyCode());
        assertEquals("Host '127.0.0.1' is not allowed to connect to this MariaDB server", t.facts().replyText());
        assertNull(t.facts().starttlsAdvertised());
    }

    @Test
    void tooManyConnectionsDropsTheSqlState() {
        start().receiveOneByteAtATime(TOO_MANY);
        assertEquals(PreludeOutcome.SERVICE_UNAVAILABLE, t.outcome());
        assertEquals("1040", t.facts().replyCode());
        assertEquals("Too many connections", t.facts().replyText());
        assertEquals("MySQL error 1040 before TLS: Too many connections", t.reason());
    }

    @Test
    void protocol9IsAMismatch() {
        start().receive(packet(0, concat(hex("09"), ascii("3.21.33b\0"), hex("01000000"), ascii("abcdefgh\0"))));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
        assertEquals("3.21.33b", t.facts().banner());
        assertTrue(t.reason().contains("protocol 9"), t.reason());
    }

    @Test
    void aGreetingCutBeforeItsCapabilitiesIsAMismatch() {
        start().receive(packet(0, concat(hex("0a"), ascii("8.0.36\0"), hex("0b000000"))));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
    }

    @Test
    void sshBannerIsAMismatch() {
        start().receive(ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
        assertEquals("not a MySQL greeting: starts with \"SSH-2.0-OpenSSH_9.2p1 De\"", t.reason());
    }

    @Test
    void smtpGreetingIsAMismatch() {
        start().receive(ascii("220 mail.lab.test ESMTP Postfix (Debian/GNU)\r\n"));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
    }

    @Test
    void aSmallPacketOfTheWrongKindIsAMismatch() {
        start().receive(packet(0, hex("00 00 00 02 00 00 00"))); // an OK packet is no greeting
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
        assertTrue(t.reason().contains("0x00"), t.reason());
    }

    @Test
    void randomInputOnlyEverEndsCleanly() {
        PreludeFuzz.run(new MysqlStartTls(), OPTIONS,
                List.of(MARIADB_TLS, MARIADB_NO_TLS, MYSQL8, HOST_NOT_ALLOWED, TOO_MANY), 3306, 5000);
    }
}
