package io.tlsweep.protocols.mysql;

import static io.tlsweep.protocols.testing.Bytes.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.protocols.testing.ScriptedServer;
import io.tlsweep.protocols.testing.StartTlsScans;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** MySQL's upgrade through the real engine against fake servers on 127.0.0.x. */
class MysqlStartTlsEngineTest {

    /** Greets with {@code greeting}; with TLS, waits for the exact SSLRequest and becomes a TLS server. */
    private static ScriptedServer server(byte[] greeting, boolean tls) {
        byte[] expected = MysqlStartTls.sslRequest();
        return new ScriptedServer(63, tls ? StartTlsScans.serverTls() : null, new ScriptedServer.Script() {
            @Override
            public void connected(ScriptedServer.Conversation c) {
                c.write(greeting);
            }

            @Override
            public void received(ScriptedServer.Conversation c, io.netty.buffer.ByteBuf in) {
                if (!tls || in.readableBytes() < expected.length) {
                    return;
                }
                byte[] got = new byte[expected.length];
                in.readBytes(got);
                if (Arrays.equals(expected, got)) {
                    c.startTls(); // the ClientHello may already be in `in`: it goes to TLS
                } else {
                    c.close();
                }
            }
        });
    }

    @Test
    void clientSslReachesTheCertificate() throws Exception {
        try (ScriptedServer s = server(MysqlStartTlsTest.MARIADB_TLS, true)) {
            ScanRecord r = StartTlsScans.scanOne(new MysqlStartTls(), s.target(StartTlsScans.SERVER_NAME));
            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertNotNull(r.certs());
            assertEquals("5.5.5-10.11.6-MariaDB-0+deb12u1", r.prelude().banner());
            assertEquals(true, r.prelude().starttlsAdvertised());
            assertEquals(false, r.prelude().injection());
        }
    }

    @Test
    void noClientSslIsUnsupported() throws Exception {
        try (ScriptedServer s = server(MysqlStartTlsTest.MARIADB_NO_TLS, false)) {
            ScanRecord r = StartTlsScans.scanOne(new MysqlStartTls(), s.target(null));
            assertEquals(Status.STARTTLS_UNSUPPORTED, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertEquals(false, r.prelude().starttlsAdvertised());
            assertEquals("5.5.5-10.11.6-MariaDB-0+deb12u1", r.prelude().banner());
        }
    }

    @Test
    void errGreetingIsServiceUnavailable() throws Exception {
        try (ScriptedServer s = server(MysqlStartTlsTest.HOST_NOT_ALLOWED, false)) {
            ScanRecord r = StartTlsScans.scanOne(new MysqlStartTls(), s.target(null));
            assertEquals(Status.SERVICE_UNAVAILABLE, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertEquals("1130", r.prelude().replyCode());
        }
    }

    @Test
    void garbageIsProtocolMismatch() throws Exception {
        try (ScriptedServer s = server(ascii("SSH-2.0-OpenSSH_9.2p1\r\n"), false)) {
            ScanRecord r = StartTlsScans.scanOne(new MysqlStartTls(), s.target(null));
            assertEquals(Status.PROTOCOL_MISMATCH, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertTrue(r.error().contains("SSH-2.0"), r.error());
        }
    }

    @Test
    void aSilentServerTimesOutInThePrelude() throws Exception {
        try (ScriptedServer s = new ScriptedServer(63, null, (c, in) -> in.skipBytes(in.readableBytes()))) {
            ScanRecord r = StartTlsScans.scanOne(new MysqlStartTls(), s.target(null));
            assertEquals(Status.TIMEOUT, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertNull(r.prelude().banner());
        }
    }
}
