package io.tlsweep.core.engine;

import static io.tlsweep.core.lab.fake.FakeServer.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.tlsweep.core.enumerate.HelloReply;
import io.tlsweep.core.enumerate.HelloReply.Failure;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.lab.fake.FakeBannerServer;
import io.tlsweep.core.lab.fake.FakeClosingServer;
import io.tlsweep.core.lab.fake.FakeResetServer;
import io.tlsweep.core.lab.fake.FakeServer;
import io.tlsweep.core.lab.fake.FakeTarpitServer;
import io.tlsweep.core.lab.fake.FakeTlsServer;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import io.tlsweep.core.tls.wire.ServerFlight;
import io.tlsweep.core.tls.wire.TlsVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RawHelloExchange} against real sockets on 127.0.0.x: one connection per hello, the
 * server's clear-text answer parsed, and every way a server can fail a hello mapped to its
 * {@link HelloReply.Failure} within the scan's timeouts. STARTTLS endpoints are covered in the
 * protocols module (EnumerationAfterStartTlsTest), where the dialects live.
 */
class RawHelloExchangeTest {

    private static final Duration CONNECT = Duration.ofMillis(500);
    private static final Duration HANDSHAKE = Duration.ofMillis(700);
    private static final ScanConfig CONFIG = ScanConfig.builder().connectTimeout(CONNECT).handshakeTimeout(HANDSHAKE)
            .totalTimeout(Duration.ofSeconds(10)).build();

    private static HeldCertificate cert;
    private static MultiThreadIoEventLoopGroup group;
    private static Bootstrap template;

    @BeforeAll
    static void start() {
        cert = TestPki.create("rawhello").leaf().dnsNames("hello.test").build();
        group = TestHellos.clientGroup();
        template = TestHellos.clientBootstrap(group, CONFIG);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static HelloReply send(InetAddress ip, int port, String sni) throws Exception {
        Target target = new Target(ip, port, Transport.TCP, sni, sni);
        RawHelloExchange exchange = new RawHelloExchange(target, ProbeKind.IMPLICIT_TLS, CONFIG, template,
                group.next(), ConnectionPermits.NONE);
        return exchange.send(TestHellos.tls12(sni)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aTlsServersFlightIsParsedToServerHelloDone() throws Exception {
        try (FakeTlsServer server = new FakeTlsServer(loopback(220), TestHellos.tls12Server(cert))) {
            HelloReply r = send(server.address(), server.port(), "hello.test");

            assertNull(r.failure(), r.detail());
            ServerFlight f = r.flight();
            assertNotNull(f.serverHello());
            assertEquals(TlsVersion.TLS1_2, f.serverHello().negotiatedVersion());
            assertTrue(List.of(0xc02b, 0xc02f, 0xc02c, 0xc030).contains(f.serverHello().cipherSuite()),
                    f.serverHello().cipherSuiteName());
            assertTrue(f.serverHelloDone());
            assertEquals(cert.certificate(), parse(f.certificates().get(0)), "the leaf, read in the clear");
            // a second hello is a second connection
            send(server.address(), server.port(), "hello.test");
            assertEquals(2, server.accepted());
        }
    }

    @Test
    void anAlertIsAnAnswer() throws Exception {
        try (AlertServer server = new AlertServer(loopback(221))) {
            HelloReply r = send(server.address(), server.port(), null);

            assertNull(r.failure(), r.detail());
            assertNotNull(r.flight().alert());
            assertNull(r.flight().serverHello());
        }
    }

    @Test
    void aSilentServerTimesOutAfterTheHandshakeTimeout() throws Exception {
        try (FakeTarpitServer server = new FakeTarpitServer(loopback(222))) {
            long start = System.nanoTime();
            HelloReply r = send(server.address(), server.port(), null);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertEquals(Failure.TIMEOUT, r.failure(), r.detail());
            assertTrue(millis >= HANDSHAKE.toMillis() - 50, millis + " ms");
            // generous: the handshake timer, not the 10 s total one, ended it
            assertTrue(millis < 8_000, millis + " ms");
        }
    }

    @Test
    void aServerThatClosesRejectsTheHello() throws Exception {
        try (FakeClosingServer server = new FakeClosingServer(loopback(223))) {
            HelloReply r = send(server.address(), server.port(), null);

            assertEquals(Failure.CLOSED, r.failure(), r.detail());
            assertTrue(r.failure().isRejection());
        }
    }

    @Test
    void aServerThatResetsRejectsTheHello() throws Exception {
        try (FakeResetServer server = new FakeResetServer(loopback(224))) {
            HelloReply r = send(server.address(), server.port(), null);

            assertEquals(Failure.RESET, r.failure(), r.detail());
            assertTrue(r.failure().isRejection());
        }
    }

    @Test
    void plaintextIsNotTls() throws Exception {
        byte[] banner = "220 mail.example.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII);
        try (FakeBannerServer server = new FakeBannerServer(loopback(225), banner)) {
            HelloReply r = send(server.address(), server.port(), null);

            assertEquals(Failure.NOT_TLS, r.failure(), r.detail());
            assertFalse(r.failure().isRejection());
            assertNull(r.flight().serverHello());
        }
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(loopback(226), 0));
            port = s.getLocalPort();
        }
        HelloReply r = send(loopback(226), port, null);

        assertEquals(Failure.REFUSED, r.failure(), r.detail());
        assertFalse(r.failure().isRejection());
    }

    @Test
    void theGovernorIsAskedBeforeEachConnection() throws Exception {
        try (AlertServer server = new AlertServer(loopback(227))) {
            Target target = new Target(server.address(), server.port(), Transport.TCP, null, null);
            java.util.List<InetAddress> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
            ConnectionPermits counting = (ip, granted, refused) -> {
                asked.add(ip);
                assertEquals(0, server.accepted() - (asked.size() - 1), "no connection before its permit");
                granted.run();
            };
            RawHelloExchange exchange = new RawHelloExchange(target, ProbeKind.IMPLICIT_TLS, CONFIG, template,
                    group.next(), counting);
            for (int i = 0; i < 3; i++) {
                assertNull(exchange.send(TestHellos.tls12(null)).get(30, TimeUnit.SECONDS).failure());
            }
            assertEquals(List.of(server.address(), server.address(), server.address()), asked);
            assertEquals(3, server.accepted());
        }
    }

    @Test
    void afterTheDialectsUpgradeTheHelloCrossesItsFraming() throws Exception {
        SslContext tls = TestHellos.tls12Server(cert);
        try (FramedServer server = new FramedServer(loopback(240), ch -> {
            ch.pipeline().addFirst("tls", tls.newHandler(ch.alloc()));
            ch.pipeline().addFirst("framing", PreludeTlsFramingTest.lengthFraming());
        })) {
            HelloReply r = sendFramed(server);

            assertNull(r.failure(), r.detail());
            assertNotNull(r.flight().serverHello(), "the answer, unwrapped from the toy protocol's frames");
            assertTrue(r.flight().serverHelloDone());
            assertEquals(cert.certificate(), parse(r.flight().certificates().get(0)));
        }
    }

    @Test
    void aServerSilentDuringThePreludeTimesOut() throws Exception {
        try (FramedServer server = new FramedServer(loopback(241), null)) {
            long start = System.nanoTime();
            HelloReply r = sendFramed(server);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertEquals(Failure.TIMEOUT, r.failure(), r.detail());
            assertTrue(millis < 8_000, millis + " ms");
        }
    }

    @Test
    void aServerThatHangsUpDuringThePreludeIsAPreludeFailureNotARejection() throws Exception {
        try (FramedServer server = new FramedServer(loopback(242), Channel::close)) {
            HelloReply r = sendFramed(server);

            // "GO" may arrive before the close: then the hello went out and the close answers it
            assertTrue(r.failure() == Failure.PRELUDE || r.failure() == Failure.CLOSED, r.failure() + " " + r.detail());
        }
        try (FramedServer server = new FramedServer(loopback(243), -1)) {
            HelloReply r = sendFramed(server);
            assertEquals(Failure.PRELUDE, r.failure(), r.detail());
            assertFalse(r.failure().isRejection());
        }
    }

    private static HelloReply sendFramed(FramedServer server) throws Exception {
        Target target = new Target(server.address(), server.port(), Transport.TCP, "hello.test", "hello.test");
        RawHelloExchange exchange = new RawHelloExchange(target, new ProbeKind("toy", PreludeTlsFramingTest.FRAMED),
                CONFIG, template, group.next(), ConnectionPermits.NONE);
        return exchange.send(TestHellos.tls12("hello.test")).get(30, TimeUnit.SECONDS);
    }

    /**
     * The toy framed protocol of {@link PreludeTlsFramingTest}: answers "GO\n" to "UP\n", then does
     * {@code afterGo}; with a null {@code afterGo} it never answers; constructed with -1, it hangs up
     * on "UP\n" without a word.
     */
    static final class FramedServer extends FakeServer {
        private final java.util.function.Consumer<Channel> afterGo;
        private final boolean hangUp;

        FramedServer(InetAddress address, java.util.function.Consumer<Channel> afterGo) {
            super(address);
            this.afterGo = afterGo;
            this.hangUp = false;
            bind();
        }

        FramedServer(InetAddress address, int hangUp) {
            super(address);
            this.afterGo = null;
            this.hangUp = true;
            bind();
        }

        @Override
        protected void initConnection(Channel ch) {
            ch.pipeline().addLast("prelude", new ChannelInboundHandlerAdapter() {
                private int seen;

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    seen += ((io.netty.buffer.ByteBuf) msg).readableBytes();
                    ReferenceCountUtil.release(msg);
                    if (seen < 3) {
                        return;
                    }
                    if (hangUp) {
                        ctx.close();
                    } else if (afterGo != null) {
                        ctx.pipeline().remove(this);
                        ctx.channel().writeAndFlush(Unpooled.copiedBuffer("GO\n", StandardCharsets.US_ASCII));
                        afterGo.accept(ctx.channel());
                    }
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    ctx.close();
                }
            });
        }
    }

    /**
     * A server that never stops sending well-formed TLS (HelloRequest messages, which end no
     * flight): the parser holds one record at a time, and the handshake timeout, not re-armed by
     * data, ends the hello.
     */
    @Test
    void endlessWellFormedRecordsCostTheHandshakeTimeout() throws Exception {
        byte[] helloRequest = {0x16, 0x03, 0x03, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00};
        byte[] chunk = new byte[helloRequest.length * 1024];
        for (int i = 0; i < 1024; i++) {
            System.arraycopy(helloRequest, 0, chunk, i * helloRequest.length, helloRequest.length);
        }
        try (EndlessServer server = new EndlessServer(loopback(246), chunk)) {
            long start = System.nanoTime();
            HelloReply r = send(server.address(), server.port(), null);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertTrue(r.failure() == Failure.TIMEOUT || r.failure() == Failure.NOT_TLS, r.failure() + " " + r.detail());
            assertTrue(millis < 8_000, millis + " ms");
        }
    }

    /** Writes {@code chunk} again and again, as fast as the client reads, from its first read on. */
    static final class EndlessServer extends FakeServer {
        private final byte[] chunk;

        EndlessServer(InetAddress address, byte[] chunk) {
            super(address);
            this.chunk = chunk;
            bind();
        }

        @Override
        protected void initConnection(Channel ch) {
            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ReferenceCountUtil.release(msg);
                    more(ctx);
                }

                @Override
                public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                    more(ctx);
                }

                private void more(ChannelHandlerContext ctx) {
                    while (ctx.channel().isActive() && ctx.channel().isWritable()) {
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(chunk));
                    }
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    ctx.close();
                }
            });
        }
    }

    @Test
    void aRefusedPermitFailsTheHelloWithoutConnecting() throws Exception {
        try (AlertServer server = new AlertServer(loopback(245))) {
            Target target = new Target(server.address(), server.port(), Transport.TCP, null, null);
            RawHelloExchange exchange = new RawHelloExchange(target, ProbeKind.IMPLICIT_TLS, CONFIG, template,
                    group.next(), (ip, granted, refused) -> refused.run());
            HelloReply r = exchange.send(TestHellos.tls12(null)).get(30, TimeUnit.SECONDS);

            assertEquals(Failure.LOCAL, r.failure(), r.detail());
            assertEquals(0, server.accepted());
        }
    }

    private static java.security.cert.X509Certificate parse(byte[] der) throws Exception {
        return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der));
    }

    /** Answers any first bytes with a fatal handshake_failure alert, as a server that likes no offered suite. */
    static final class AlertServer extends FakeServer {
        AlertServer(InetAddress address) {
            super(address);
            bind();
        }

        @Override
        protected void initConnection(Channel ch) {
            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                private boolean answered;

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ReferenceCountUtil.release(msg);
                    if (!answered) {
                        answered = true;
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(TestHellos.HANDSHAKE_FAILURE_ALERT));
                    }
                }
            });
        }
    }
}
