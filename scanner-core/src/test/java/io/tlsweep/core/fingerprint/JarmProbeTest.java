package io.tlsweep.core.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.tls.TlsProvider;
import io.tlsweep.core.lab.fake.FakeClosingServer;
import io.tlsweep.core.lab.fake.FakeEndlessBannerServer;
import io.tlsweep.core.lab.fake.FakeServer;
import io.tlsweep.core.lab.fake.FakeTarpitServer;
import io.tlsweep.core.lab.fake.FakeTlsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runner against in-process servers, well-behaved and hostile (loopback 127.0.0.194–199 only). */
class JarmProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    static {
        // JdkTlsPolicy before any JSSE use: a JDK server context made first would freeze JSSE's settings
        // for this JVM, and later JDK-provider tests (TLS 1.0, long chains) would fail.
        TlsProvider.preferred();
    }

    private static final TestPki PKI = TestPki.create("jarm");
    private static final HeldCertificate LEAF = PKI.leaf().dnsNames("jarm.lab.test").build();
    private static MultiThreadIoEventLoopGroup group;
    private static JarmProbe jarm;

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        jarm = new JarmProbe(group, NioSocketChannel.class, TIMEOUT);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void tls12OnlyJdkServer() throws Exception {
        try (FakeTlsServer server = new FakeTlsServer(FakeServer.loopback(194), context(SslProvider.JDK, "TLSv1.2"))) {
            JarmResult r = scan(server);
            assertFalse(r.timedOut());
            assertEquals(10, r.answers().size());
            assertEquals(String.join(",", r.answers()), r.raw());
            assertEquals(JarmHash.of(r.raw()), r.hash());
            // Every hello that allows TLS 1.2 and offers an ECDSA suite gets a TLS 1.2 ServerHello …
            for (int i : new int[] {0, 1, 2, 4, 6, 7, 8, 9}) {
                String[] parts = r.answers().get(i).split("\\|", -1);
                assertEquals("0303", parts[1], JarmProbeSpec.PROBES.get(i).name() + ": " + r.answers().get(i));
                assertTrue(parts[0].startsWith("c0") || parts[0].startsWith("cc"), r.answers().get(i));
            }
            // … the bottom half (RSA and DHE suites only) and the TLS 1.1 hello an alert.
            assertEquals("|||", r.answers().get(3));
            assertEquals("|||", r.answers().get(5));
            assertEquals(62, r.hash().length());
            assertNotEquals(JarmHash.ZERO, r.hash());
        }
    }

    @Test
    void tls13BoringSslServer() throws Exception {
        try (FakeTlsServer server = new FakeTlsServer(FakeServer.loopback(195),
                context(SslProvider.OPENSSL, "TLSv1.3", "TLSv1.2"))) {
            JarmResult r = scan(server);
            assertFalse(r.timedOut());
            // The TLS 1.3 hellos: legacy version 0303 (JARM never reads supported_versions), a TLS 1.3 suite,
            // supported_versions and key_share among the extensions.
            for (int i : new int[] {6, 7, 9}) {
                String answer = r.answers().get(i);
                assertTrue(answer.matches("130[1-3]\\|0303\\|[^|]*\\|.*002b.*"), answer);
                assertTrue(answer.contains("0033"), answer);
            }
            // TLS 1.3 in supported_versions but no TLS 1.3 suite: BoringSSL does not fall back, it alerts.
            assertEquals("|||", r.answers().get(8));
            for (int i : new int[] {0, 1, 2, 4}) {
                assertTrue(r.answers().get(i).matches("c0..\\|0303\\|.*"), r.answers().get(i));
            }
        }
    }

    @Test
    void silentServerIsTheReferencesTimeoutAfterOneProbe() throws Exception {
        try (FakeTarpitServer server = new FakeTarpitServer(FakeServer.loopback(196))) {
            long start = System.nanoTime();
            JarmResult r = scan(server);
            assertTrue(r.timedOut());
            assertEquals(JarmHash.ZERO, r.hash());
            assertEquals(JarmHash.ALL_FAILED, r.raw());
            assertEquals(List.of("TIMEOUT"), r.answers());
            assertEquals(1, server.accepted(), "the reference stops at the first timeout");
            assertTrue(System.nanoTime() - start < TIMEOUT.toNanos() * 10, "bounded by 10 x timeout");
        }
    }

    @Test
    void closingServerFailsEveryProbeWithoutTimeout() throws Exception {
        try (FakeClosingServer server = new FakeClosingServer(FakeServer.loopback(197))) {
            JarmResult r = scan(server);
            assertFalse(r.timedOut());
            assertEquals(Collections.nCopies(10, "|||"), r.answers());
            assertEquals(JarmHash.ZERO, r.hash());
            assertEquals(10, server.accepted());
        }
    }

    @Test
    void hostMustBeWhatTheReferenceCanSendAsSni() {
        InetSocketAddress address = new InetSocketAddress(FakeServer.loopback(198), 9);
        for (String host : new String[] {"", "bücher.test", "a b", "x".repeat(256)}) {
            assertThrows(IllegalArgumentException.class, () -> jarm.fingerprint(address, host), host);
        }
    }

    @Test
    void refusedPortFailsEveryProbe() throws Exception {
        InetAddress address = FakeServer.loopback(198);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, address)) {
            port = s.getLocalPort();
        }
        JarmResult r = jarm.fingerprint(new InetSocketAddress(address, port), address.getHostAddress())
                .get(30, TimeUnit.SECONDS);
        assertFalse(r.timedOut());
        assertEquals(Collections.nCopies(10, "|||"), r.answers());
    }

    @Test
    void endlessNonTlsStreamIsReadNoFurtherThanItsFirstByte() throws Exception {
        try (FakeEndlessBannerServer server = new FakeEndlessBannerServer(FakeServer.loopback(199))) {
            JarmResult r = scan(server);
            assertEquals(Collections.nCopies(10, "|||"), r.answers());
            assertTrue(server.awaitConnectionEnded(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void endlessHandshakeBytesStopAtTheReferenceReadCap() throws Exception {
        try (EndlessHandshakeServer server = new EndlessHandshakeServer(FakeServer.loopback(199))) {
            JarmResult r = scan(server);
            assertFalse(r.timedOut());
            // A ServerHello header whose body is filler: the reference's offsets read "filler" values.
            assertEquals(10, r.answers().size());
            assertEquals(10, server.accepted());
        }
    }

    /** Sends a handshake record header announcing 2^14 bytes, then a ServerHello that never ends. */
    static final class EndlessHandshakeServer extends FakeServer {
        EndlessHandshakeServer(InetAddress address) {
            super(address);
            bind();
        }

        @Override
        protected void initConnection(Channel ch) {
            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                private boolean started;

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ReferenceCountUtil.release(msg);
                    if (!started) {
                        started = true;
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {22, 3, 3, 0x40, 0, 2, 0, 0x3f, (byte) 0xfc}));
                        more(ctx);
                    }
                }

                private void more(ChannelHandlerContext ctx) {
                    if (ctx.channel().isActive()) {
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[512]))
                                .addListener((ChannelFutureListener) f -> {
                                    if (f.isSuccess()) {
                                        ctx.executor().schedule(() -> more(ctx), 5, TimeUnit.MILLISECONDS);
                                    }
                                });
                    }
                }
            });
        }
    }

    private static JarmResult scan(FakeServer server) throws Exception {
        return jarm.fingerprint(new InetSocketAddress(server.address(), server.port()),
                server.address().getHostAddress()).get(60, TimeUnit.SECONDS);
    }

    private static SslContext context(SslProvider provider, String... protocols) throws Exception {
        return SslContextBuilder.forServer(LEAF.keyPair().getPrivate(), LEAF.chain().toArray(X509Certificate[]::new))
                .sslProvider(provider)
                .protocols(protocols)
                .build();
    }
}
