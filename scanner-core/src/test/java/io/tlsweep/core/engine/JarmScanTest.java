package io.tlsweep.core.engine;

import static io.tlsweep.core.engine.EngineScans.scan;
import static io.tlsweep.core.engine.EngineScans.scanOne;
import static io.tlsweep.core.engine.EngineScans.shortTimeouts;
import static io.tlsweep.core.lab.fake.FakeServer.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.tlsweep.core.lab.fake.ToyDialect;
import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.engine.EnumerationScanTest.RecordingTlsServer;
import io.tlsweep.core.fingerprint.JarmProbe;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.lab.fake.FakeServer;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --jarm} through the whole engine, against in-process servers on 127.0.0.249-254: the
 * record's JARM is what {@link JarmProbe} gives stand-alone for the same server and name, a refused
 * port and a STARTTLS endpoint get none, and the ten connections go through the per-host rate.
 */
class JarmScanTest {

    private static final String NAME = "jarm-scan.test";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static HeldCertificate cert;
    private static X509Certificate anchor;

    @BeforeAll
    static void pki() {
        TestPki pki = TestPki.create("jarm scan");
        cert = pki.leaf().dnsNames(NAME).build();
        anchor = pki.root().certificate();
    }

    /** The JARM of {@code address} taken by {@link JarmProbe} alone (as JarmTool does). */
    private static String standAlone(InetSocketAddress address, String host) throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            return new JarmProbe(group, NioSocketChannel.class, PROBE_TIMEOUT).fingerprint(address, host)
                    .get(60, TimeUnit.SECONDS).hash();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void theRecordsJarmIsTheStandAloneJarmWithTheProbesNameAsSni() throws Exception {
        try (RecordingTlsServer server = new RecordingTlsServer(loopback(250), TestHellos.tls12Server(cert))) {
            ScanRecord r = scanOne(shortTimeouts().jarm(true).build(), server.target(NAME), anchor);

            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertNotNull(r.fingerprints(), r.toString());
            assertNotNull(r.fingerprints().ja3s(), "the ServerHello's fingerprints stay");
            String jarm = r.fingerprints().jarm();
            assertNotNull(jarm, r.toString());
            assertTrue(jarm.matches("[0-9a-f]{62}"), jarm);
            assertNotEquals("0".repeat(62), jarm, "a TLS 1.2 server answers some probes");
            assertEquals(1 + 10, server.accepted(), "the probe's connection, then JARM's ten");
            assertEquals(standAlone(new InetSocketAddress(server.address(), server.port()), NAME), jarm);
        }
    }

    @Test
    void withoutANameTheIpLiteralIsSentAndWithoutJarmNothingChanges() throws Exception {
        try (RecordingTlsServer server = new RecordingTlsServer(loopback(251), TestHellos.tls12Server(cert))) {
            Target bare = new Target(server.address(), server.port(), Transport.TCP, null, null);
            ScanRecord r = scanOne(shortTimeouts().jarm(true).build(), bare, anchor);
            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertEquals(standAlone(new InetSocketAddress(server.address(), server.port()), "127.0.0.251"),
                    r.fingerprints().jarm());

            ScanRecord plain = scanOne(shortTimeouts().build(), bare, anchor);
            assertNotNull(plain.fingerprints());
            assertNull(plain.fingerprints().jarm(), "no --jarm, no JARM");
            assertEquals(11 + 10 + 1, server.accepted(), "scan + stand-alone + the plain scan's probe");
        }
    }

    @Test
    void withEnumTheJarmRunsAfterTheEnumerationAndBothReachTheRecord() throws Exception {
        SendingEnumerator hellos = new SendingEnumerator(3);
        java.util.concurrent.atomic.AtomicInteger acceptedWhenEnumerated = new java.util.concurrent.atomic.AtomicInteger();
        try (RecordingTlsServer server = new RecordingTlsServer(loopback(249), TestHellos.tls12Server(cert))) {
            io.tlsweep.core.enumerate.EndpointEnumerator enumerator = (exchange, sni) -> hellos.enumerate(exchange, sni)
                    .whenComplete((outcome, error) -> acceptedWhenEnumerated.set(server.accepted()));
            ScanRecord r = scanOne(shortTimeouts().jarm(true).enumerator(enumerator,
                    io.tlsweep.core.enumerate.EnumLevel.FAST).build(), server.target(NAME), anchor);

            assertNotNull(r.enumeration(), r.toString());
            assertEquals(3, r.enumeration().hellos());
            assertNotNull(r.fingerprints().jarm(), r.toString());
            assertEquals(1 + 3, acceptedWhenEnumerated.get(), "no JARM connection before the enumeration ended");
            assertEquals(1 + 3 + 10, server.accepted());
        }
    }

    @Test
    void aRefusedPortGetsNoJarm() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(loopback(252), 0));
            closed = s.getLocalPort();
        }
        Target refused = new Target(loopback(252), closed, Transport.TCP, null, null);
        Map<String, ScanRecord> records = scan(shortTimeouts().jarm(true).build(), List.of(refused), anchor);
        ScanRecord r = records.get(EngineScans.key(refused));
        assertEquals(Status.REFUSED, r.status());
        assertNull(r.fingerprints(), "no ServerHello, no JARM: no fingerprints object");
    }

    @Test
    void theTenConnectionsWaitForThePerHostRate() throws Exception {
        try (EnumerationScanTest.RecordingTlsServer server =
                     new EnumerationScanTest.RecordingTlsServer(loopback(253), TestHellos.tls12Server(cert))) {
            ScanRecord r = scanOne(shortTimeouts().jarm(true).perHostRate(50).build(), server.target(NAME), anchor);
            assertNotNull(r.fingerprints().jarm(), r.toString());
            List<Long> arrivals = server.arrivals();
            assertEquals(11, arrivals.size());
            long spanNanos = arrivals.get(arrivals.size() - 1) - arrivals.get(0);
            // 11 connections at 50/s: 10 intervals of 20 ms after the first; lower bound only.
            assertTrue(spanNanos >= TimeUnit.MILLISECONDS.toNanos(180),
                    "11 connections at 50/s took only " + spanNanos / 1_000_000 + " ms");
        }
    }

    @Test
    void aStartTlsEndpointGetsNoJarm() throws Exception {
        try (LineStartTlsServer server = new LineStartTlsServer(loopback(254), TestHellos.tls12Server(cert))) {
            ScanConfig config = shortTimeouts().jarm(true).build();
            CertificateAnalyzer analyzer = new CertificateAnalyzer(TrustAnchors.of(List.of(anchor)));
            List<ScanRecord> records = new CopyOnWriteArrayList<>();
            try (ScanEngine engine = new ScanEngine(config, analyzer, t -> new ProbeKind("toy", UP_GO))) {
                engine.start(List.of(server.target(NAME)).iterator(), records::add)
                        .completion().get(60, TimeUnit.SECONDS);
            }
            assertEquals(1, records.size());
            ScanRecord r = records.get(0);
            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertNotNull(r.fingerprints(), "the ServerHello after STARTTLS is fingerprinted");
            assertNull(r.fingerprints().jarm(), "the reference speaks TLS first: no JARM after a prelude");
            assertEquals(1, server.accepted(), "no JARM connection was made");
        }
    }

    /** A toy STARTTLS: the client says "UP\n", the server "GO\n", then TLS on the same stream. */
    static final StartTlsDialect UP_GO = ToyDialect.upGo("up-go", null);

    /** Answers "GO\n" to "UP\n", then serves TLS. */
    static final class LineStartTlsServer extends FakeServer {
        private final SslContext context;

        LineStartTlsServer(InetAddress address, SslContext context) {
            super(address);
            this.context = context;
            bind();
        }

        @Override
        protected void initConnection(Channel ch) {
            ch.pipeline().addLast("prelude", new ChannelInboundHandlerAdapter() {
                private int seen;

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    seen += ((ByteBuf) msg).readableBytes();
                    ReferenceCountUtil.release(msg);
                    if (seen >= 3) { // the client sends nothing more before our GO
                        // GO in the clear (written below this handler), then TLS in its place.
                        ctx.writeAndFlush(Unpooled.copiedBuffer("GO\n", StandardCharsets.US_ASCII));
                        ctx.pipeline().replace(this, "tls", context.newHandler(ctx.alloc()));
                    }
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    ctx.close();
                }
            });
        }
    }
}
