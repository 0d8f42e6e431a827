package io.tlsweep.protocols.mssql;

import static io.tlsweep.protocols.testing.Bytes.ascii;
import static io.tlsweep.protocols.testing.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.tlsweep.core.fingerprint.ServerHelloFingerprints;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.protocols.testing.ScriptedServer;
import io.tlsweep.core.lab.fake.SentServerHello;
import io.tlsweep.protocols.testing.StartTlsScans;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The mssql dialect through the real engine against a fake SQL Server on 127.0.0.63: it answers
 * PRELOGIN, then runs a real TLS server behind the same TDS framing the client uses, and records
 * what the client sent so the test can check that the ClientHello came wrapped, not raw.
 */
class MssqlStartTlsEngineTest {

    private final AtomicReference<String> clientPrelogin = new AtomicReference<>();
    /** The first bytes the client sent after the PRELOGIN exchange: its ClientHello's TDS header. */
    private final AtomicReference<String> firstTlsBytes = new AtomicReference<>();

    /** Parses the ServerHello the fake writes, inside the TDS framing (below TLS, above TDS). */
    private final AtomicReference<SentServerHello> sentServerHello = new AtomicReference<>();

    private ScriptedServer sqlServer(byte[] reply, SslContext tls) {
        return new ScriptedServer(63, tls, (c, in) -> {
            if (in.readableBytes() < 8 || in.readableBytes() < in.getUnsignedShort(in.readerIndex() + 2)) {
                return;
            }
            int length = in.getUnsignedShort(in.readerIndex() + 2);
            clientPrelogin.set(ByteBufUtil.hexDump(in, in.readerIndex(), length));
            in.skipBytes(length);
            c.write(reply);
            if (tls != null) {
                SentServerHello hello = new SentServerHello(); // one per connection: handlers are not shared
                sentServerHello.set(hello);
                c.startTls(new Tap(), new TdsTlsFramingHandler(), hello);
            }
        });
    }

    /** Keeps the first 8 bytes that reach the server after the PRELOGIN. */
    private final class Tap extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf b && firstTlsBytes.get() == null && b.readableBytes() >= 8) {
                firstTlsBytes.set(ByteBufUtil.hexDump(b, b.readerIndex(), 8));
            }
            ctx.fireChannelRead(msg);
        }
    }

    @Test
    void tls13InsideTdsReachesTheCertificate() throws Exception {
        try (ScriptedServer server = sqlServer(MssqlStartTlsTest.sql2022(0x00), StartTlsScans.serverTls())) {
            ScanRecord r = StartTlsScans.scanOne(new MssqlStartTls(), server.target(StartTlsScans.SERVER_NAME));
            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertEquals("starttls", r.tlsMode());
            assertEquals("mssql", r.prelude().protocol());
            assertEquals("SQL Server 16.0.1000", r.prelude().banner());
            assertEquals(true, r.prelude().starttlsAdvertised());
            assertEquals("ENCRYPT_OFF", r.prelude().replyCode());
            assertFalse(r.prelude().injection());
            assertNotNull(r.certs(), r.toString());
            assertTrue(r.certs().verdict().trusted(), r.toString());
            assertTrue(r.certs().verdict().hostnameMatch(), r.toString());
            assertEquals(MssqlStartTlsTest.CLIENT_PRELOGIN, clientPrelogin.get());
            assertTrue(firstTlsBytes.get().startsWith("1201"), "ClientHello in a PRELOGIN packet: " + firstTlsBytes);
            // the capture sits above the TDS unwrapping: it reads the ServerHello, not the TDS header
            assertEquals(ServerHelloFingerprints.of(sentServerHello.get().hello.get(10, TimeUnit.SECONDS)), r.fingerprints());
        }
    }

    @Test
    void tls12AsSqlServerSpeaksItOverTdsSevenNeedsBothFlightsFramed() throws Exception {
        // TLS 1.2 has a second client flight (key exchange, CCS, Finished) and a server CCS+Finished:
        // both must cross the framing, or the handshake cannot complete.
        try (ScriptedServer server = sqlServer(MssqlStartTlsTest.sql2022(0x03), StartTlsScans.serverTls("TLSv1.2"))) {
            ScanRecord r = StartTlsScans.scanOne(new MssqlStartTls(), server.target(StartTlsScans.SERVER_NAME));
            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertEquals("TLSv1.2", r.tls().version());
            assertEquals("ENCRYPT_REQ", r.prelude().replyCode());
            assertNotNull(r.certs());
            assertTrue(firstTlsBytes.get().startsWith("1201"), firstTlsBytes.get());
        }
    }

    @Test
    void encryptNotSupIsStarttlsUnsupported() throws Exception {
        try (ScriptedServer server = sqlServer(MssqlStartTlsTest.sql2022(0x02), null)) {
            ScanRecord r = StartTlsScans.scanOne(new MssqlStartTls(), server.target(null));
            assertEquals(Status.STARTTLS_UNSUPPORTED, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertEquals(false, r.prelude().starttlsAdvertised());
            assertEquals("ENCRYPT_NOT_SUP", r.prelude().replyCode());
            assertEquals("SQL Server 16.0.1000", r.prelude().banner());
            assertNull(r.certs());
        }
    }

    @Test
    void garbageIsProtocolMismatch() throws Exception {
        byte[] garbage = ascii("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        try (ScriptedServer server = sqlServer(garbage, null)) {
            ScanRecord r = StartTlsScans.scanOne(new MssqlStartTls(), server.target(null));
            assertEquals(Status.PROTOCOL_MISMATCH, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertTrue(r.error().contains("HTTP/1.1 400"), r.error());
            assertNull(r.prelude().starttlsAdvertised());
        }
    }

    @Test
    void aStrictOnlyServersAlertIsProtocolMismatch() throws Exception {
        try (ScriptedServer server = sqlServer(hex("15 0303 0002 02 28"), null)) {
            ScanRecord r = StartTlsScans.scanOne(new MssqlStartTls(), server.target(null));
            assertEquals(Status.PROTOCOL_MISMATCH, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
        }
    }

    @Test
    void silenceTimesOutInThePrelude() throws Exception {
        try (ScriptedServer server = new ScriptedServer(63, null, (c, in) -> in.skipBytes(in.readableBytes()))) {
            ScanRecord r = StartTlsScans.scanOne(new MssqlStartTls(), server.target(null));
            assertEquals(Status.TIMEOUT, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertEquals("mssql", r.prelude().protocol());
            assertNull(r.prelude().replyCode());
        }
    }
}
