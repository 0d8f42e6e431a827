package io.tlsweep.protocols.ldap;

import static io.tlsweep.protocols.testing.Bytes.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.protocols.testing.ScriptedServer;
import io.tlsweep.protocols.testing.StartTlsScans;
import org.junit.jupiter.api.Test;

/** LDAP StartTLS through the real engine against fake directory servers on 127.0.0.x. */
class LdapStartTlsEngineTest {

    /** A directory that answers a complete StartTLS request with {@code reply}, then maybe speaks TLS. */
    private static ScriptedServer directory(byte[] reply, boolean thenTls) {
        int request = LdapStartTls.request().length;
        return new ScriptedServer(61, thenTls ? StartTlsScans.serverTls() : null, (c, in) -> {
            if (in.readableBytes() >= request) {
                in.skipBytes(request);
                c.write(reply);
                if (thenTls) {
                    c.startTls();
                }
            }
        });
    }

    @Test
    void successReachesTheCertificate() throws Exception {
        try (ScriptedServer server = directory(LdapStartTlsTest.SLAPD_SUCCESS, true)) {
            ScanRecord r = StartTlsScans.scanOne(new LdapStartTls(), server.target(StartTlsScans.SERVER_NAME));
            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertEquals("starttls", r.tlsMode());
            assertNotNull(r.certs());
            assertEquals("ldap", r.prelude().protocol());
            assertEquals("0", r.prelude().replyCode());
            assertFalse(r.prelude().injection());
        }
    }

    @Test
    void refusalIsStarttlsRejected() throws Exception {
        try (ScriptedServer server = directory(LdapStartTlsTest.SLAPD_WITHOUT_TLS, false)) {
            ScanRecord r = StartTlsScans.scanOne(new LdapStartTls(), server.target(null));
            assertEquals(Status.STARTTLS_REJECTED, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertEquals("LDAP StartTLS refused: 2 protocolError: unsupported extended operation", r.error());
            assertEquals("2", r.prelude().replyCode());
            assertNull(r.prelude().banner());
            assertNull(r.prelude().starttlsAdvertised());
            assertNull(r.tls());
        }
    }

    @Test
    void garbageIsProtocolMismatch() throws Exception {
        try (ScriptedServer server = directory(ascii("HTTP/1.0 400 Bad Request\r\n\r\n"), false)) {
            ScanRecord r = StartTlsScans.scanOne(new LdapStartTls(), server.target(null));
            assertEquals(Status.PROTOCOL_MISMATCH, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertTrue(r.error().startsWith("not an LDAP message: starts with \"HTTP/1.0 400"), r.error());
        }
    }

    @Test
    void silenceTimesOutInThePrelude() throws Exception {
        try (ScriptedServer server = new ScriptedServer(61, null, (c, in) -> in.skipBytes(in.readableBytes()))) {
            ScanRecord r = StartTlsScans.scanOne(new LdapStartTls(), server.target(null));
            assertEquals(Status.TIMEOUT, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertTrue(r.error().startsWith("server silent for "), r.error());
            assertNull(r.prelude().replyCode());
            assertTrue(r.timings().totalMs() >= StartTlsScans.HANDSHAKE_TIMEOUT.toMillis(), r.timings().toString());
        }
    }
}
