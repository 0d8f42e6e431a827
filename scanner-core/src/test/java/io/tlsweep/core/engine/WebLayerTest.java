package io.tlsweep.core.engine;

import static io.tlsweep.core.engine.EngineScans.shortTimeouts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.http.HttpExchange;
import io.tlsweep.core.lab.DemoLab;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.LabWebResponder;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.lab.fake.FakeHttpsServer;
import io.tlsweep.core.lab.fake.FakeServer;
import io.tlsweep.core.result.HttpInfo;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.tls.TlsProvider;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The web layer ({@code --http}) through the whole engine: in-process TLS servers answering over h2
 * and HTTP/1.1, and servers that go silent, reset, flood a header or send GOAWAY after the
 * handshake. Whatever HTTP does, the record keeps status success and its TLS facts.
 */
class WebLayerTest {

    private static final String NAME = "web." + DemoLab.DOMAIN;
    private static final Map<String, String> HEADERS = Map.of(
            "server", "fake/1.0 (tests)",
            "location", "https://elsewhere.example/path?q=1",
            "strict-transport-security", "max-age=63072000; includeSubDomains; preload",
            "alt-svc", "h3-29=\":8443\", h3=\":9443\"; ma=60");

    private static TestPki pki;
    private static HeldCertificate cert;

    @BeforeAll
    static void pki() {
        assumeTrue(TlsProvider.BORINGSSL.unavailableReason() == null, "the fake servers run on BoringSSL");
        pki = TestPki.create("web layer");
        cert = pki.leaf().dnsNames(NAME).build();
    }

    private static SslContextBuilder server(ApplicationProtocolConfig alpn) {
        return SslContextBuilder.forServer(cert.keyPair().getPrivate(), cert.chain().toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.OPENSSL).applicationProtocolConfig(alpn);
    }

    private static FakeHttpsServer https(int octet, ApplicationProtocolConfig alpn, Supplier<ChannelHandler> after)
            throws Exception {
        return new FakeHttpsServer(FakeServer.loopback(octet), server(alpn).build(), after);
    }

    private static Supplier<ChannelHandler> answering(int status, Map<String, String> headers) {
        return () -> new LabWebResponder(sni -> new LabWebResponder.Response(status, headers));
    }

    private static ScanRecord scan(FakeServer s, boolean http) throws Exception {
        return scan(s, http, TlsProvider.BORINGSSL, ProbePlanner.IMPLICIT_TLS);
    }

    private static ScanRecord scan(FakeServer s, boolean http, TlsProvider provider, ProbePlanner planner)
            throws Exception {
        ScanConfig config = shortTimeouts().http(http).provider(provider).userAgent("tlsweep/test").build();
        Target target = s.target(NAME);
        Queue<ScanRecord> out = new ConcurrentLinkedQueue<>();
        CertificateAnalyzer analyzer = new CertificateAnalyzer(TrustAnchors.of(List.of(pki.root().certificate())));
        try (ScanEngine engine = new ScanEngine(config, analyzer, planner)) {
            engine.start(List.of(target).iterator(), out::add).completion().get(60, TimeUnit.SECONDS);
        }
        assertEquals(1, out.size(), "exactly one record");
        ScanRecord r = out.peek();
        assertEquals(Status.SUCCESS, r.status(), () -> "HTTP never changes the TLS verdict: " + r);
        assertNotNull(r.tls(), "the TLS facts are kept");
        assertNotNull(r.certs());
        return r;
    }

    private static void assertAnswered(HttpInfo h, String protocol) {
        assertNotNull(h, "http");
        assertNull(h.error(), h::toString);
        assertEquals(protocol, h.protocol());
        assertEquals(301, h.status());
        assertEquals("fake/1.0 (tests)", h.server());
        assertEquals("https://elsewhere.example/path?q=1", h.location());
        assertEquals(63072000L, h.hsts().maxAge());
        assertTrue(h.hsts().includeSubDomains());
        assertTrue(h.hsts().preload());
        assertEquals("h3-29=\\\":8443\\\", h3=\\\":9443\\\"; ma=60".replace("\\\"", "\""), h.altSvc().raw());
        assertTrue(h.altSvc().h3());
        assertEquals(9443, h.altSvc().h3Port());
        assertNull(h.altSvc().h3Reachable());
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void h2Answer(TlsProvider provider) throws Exception {
        try (FakeHttpsServer s = https(60, LabWebResponder.alpn("h2", "http/1.1"), answering(301, HEADERS))) {
            ScanRecord r = scan(s, true, provider, ProbePlanner.IMPLICIT_TLS);
            assertEquals("h2", r.tls().alpn());
            assertAnswered(r.http(), "h2");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void http11Answer(TlsProvider provider) throws Exception {
        try (FakeHttpsServer s = https(61, LabWebResponder.alpn("http/1.1"), answering(301, HEADERS))) {
            ScanRecord r = scan(s, true, provider, ProbePlanner.IMPLICIT_TLS);
            assertAnswered(r.http(), "http/1.1");
        }
    }

    @Test
    void httpOffMeansNoRequest() throws Exception {
        try (FakeHttpsServer s = https(62, LabWebResponder.alpn("h2"), answering(200, Map.of()))) {
            ScanRecord r = scan(s, false);
            assertEquals("h2", r.tls().alpn());
            assertNull(r.http());
        }
    }

    @Test
    void noAlpnOnlyOnAWebPort() throws Exception {
        try (FakeHttpsServer s = https(63, null, answering(204, Map.of("server", "plain")))) {
            assertNull(scan(s, true).http(), "no ALPN and not a web port: not a web endpoint");
            ProbePlanner web = t -> ProbeKind.tls("https", null, true);
            HttpInfo h = scan(s, true, TlsProvider.BORINGSSL, web).http();
            assertEquals("http/1.1", h.protocol());
            assertEquals(204, h.status());
            assertEquals("plain", h.server());
            assertNull(h.hsts());
            assertNull(h.altSvc());
        }
    }

    /** The request carries the SNI as authority, our User-Agent and Accept, over both protocols. */
    @Test
    void requestHeaders() throws Exception {
        Queue<String> seen = new ConcurrentLinkedQueue<>();
        // h1: a raw reader that answers after the head and records it
        try (FakeHttpsServer s = https(64, LabWebResponder.alpn("http/1.1"), () -> new RawHead(seen))) {
            HttpInfo h = scan(s, true).http();
            assertEquals(200, h.status(), h::toString);
        }
        String head = seen.poll();
        assertNotNull(head);
        assertTrue(head.startsWith("GET / HTTP/1.1\r\n"), head);
        String port = ":" + head.lines().filter(l -> l.toLowerCase().startsWith("host:")).findFirst().orElseThrow()
                .replaceAll(".*:", "");
        assertTrue(head.toLowerCase().contains("host: " + NAME + port), head);
        assertTrue(head.contains("tlsweep/test"), head);
        assertTrue(head.toLowerCase().contains("accept: */*"), head);
        assertTrue(head.toLowerCase().contains("connection: close"), head);

        Queue<Http2HeadersFrame> frames = new ConcurrentLinkedQueue<>();
        try (FakeHttpsServer s = https(65, LabWebResponder.alpn("h2"), () -> new H2Server(frames, 200))) {
            HttpInfo h = scan(s, true).http();
            assertEquals(200, h.status(), h::toString);
            Http2HeadersFrame f = frames.poll();
            assertNotNull(f);
            assertEquals("GET", f.headers().method().toString());
            assertEquals("https", f.headers().scheme().toString());
            assertEquals("/", f.headers().path().toString());
            assertEquals(NAME + ":" + s.port(), f.headers().authority().toString());
            assertEquals("tlsweep/test", f.headers().get("user-agent").toString());
            assertTrue(f.isEndStream(), "a GET has no body");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Protocol.class)
    void silentServerTimesOutWithinItsDeadline(Protocol p) throws Exception {
        try (FakeHttpsServer s = https(66 + p.ordinal(), LabWebResponder.alpn(p.alpn), Silent::new)) {
            ScanRecord r = scan(s, true);
            HttpInfo h = r.http();
            assertEquals(p.alpn, h.protocol());
            assertNull(h.status());
            assertEquals("timeout: no response head within " + EngineScans.HANDSHAKE_TIMEOUT.toMillis() + " ms",
                    h.error());
            // generous bound: the request's own deadline, not the total one (10 s), ended it
            assertTrue(r.timings().totalMs() < EngineScans.TOTAL_TIMEOUT.toMillis() / 2, r.timings()::toString);
        }
    }

    @Test
    void endlessHeaderIsCutAtTheCap() throws Exception {
        try (FakeHttpsServer s = https(70, LabWebResponder.alpn("http/1.1"), EndlessHeader::new)) {
            HttpInfo h = scan(s, true).http();
            assertNull(h.status());
            assertEquals("head_too_large: header section over " + HttpExchange.MAX_HEADER_BYTES + " bytes", h.error());
        }
    }

    @Test
    void h2HeaderListOverTheCap() throws Exception {
        try (FakeHttpsServer s = https(71, LabWebResponder.alpn("h2"), () -> new H2Server(null, 200,
                "x".repeat(HttpExchange.MAX_HEADER_BYTES + 100)))) {
            HttpInfo h = scan(s, true).http();
            assertNull(h.status());
            assertTrue(h.error().startsWith("head_too_large"), h::error);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Protocol.class)
    void resetAfterTheHandshake(Protocol p) throws Exception {
        try (FakeHttpsServer s = https(72 + p.ordinal(), LabWebResponder.alpn(p.alpn), ResetOnRequest::new)) {
            HttpInfo h = scan(s, true).http();
            assertNull(h.status());
            assertEquals("reset: connection reset by peer before the response head", h.error());
        }
    }

    @Test
    void h2GoAway() throws Exception {
        try (FakeHttpsServer s = https(74, LabWebResponder.alpn("h2"), GoAway::new)) {
            HttpInfo h = scan(s, true).http();
            assertNull(h.status());
            assertEquals("goaway: ENHANCE_YOUR_CALM (last stream 0)", h.error());
        }
    }

    @Test
    void malformedStatusLine() throws Exception {
        try (FakeHttpsServer s = https(75, LabWebResponder.alpn("http/1.1"),
                () -> new Reply("SSH-2.0-OpenSSH_9.2\r\n\r\n"))) {
            HttpInfo h = scan(s, true).http();
            assertNull(h.status());
            assertTrue(h.error().startsWith("malformed: "), h::error);
        }
    }

    @Test
    void interimResponsesAreSkipped() throws Exception {
        try (FakeHttpsServer s = https(76, LabWebResponder.alpn("http/1.1"), () -> new Reply(
                "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 404 Not Found\r\nServer: x\r\n"
                        + "Content-Length: 0\r\n\r\n"))) {
            HttpInfo h = scan(s, true).http();
            assertEquals(404, h.status(), h::toString);
            assertEquals("x", h.server());
        }
    }

    /**
     * TLS 1.3 with an optional client certificate: the probe first waits out its grace period for a
     * certificate_required alert, then makes the request.
     */
    @Test
    void afterTheClientCertificateGrace() throws Exception {
        SslContext ctx = server(LabWebResponder.alpn("h2")).protocols("TLSv1.3").clientAuth(ClientAuth.OPTIONAL)
                .trustManager(pki.root().certificate()).build();
        try (FakeHttpsServer s = new FakeHttpsServer(FakeServer.loopback(77), ctx, answering(301, HEADERS))) {
            ScanRecord r = scan(s, true);
            assertTrue(r.tls().clientCertRequested());
            assertAnswered(r.http(), "h2");
        }
        SslContext required = server(LabWebResponder.alpn("h2")).protocols("TLSv1.3").clientAuth(ClientAuth.REQUIRE)
                .trustManager(pki.root().certificate()).build();
        try (FakeHttpsServer s = new FakeHttpsServer(FakeServer.loopback(78), required, answering(200, HEADERS))) {
            ScanConfig config = shortTimeouts().http(true).build();
            ScanRecord r = EngineScans.scanOne(config, s.target(NAME), pki.root().certificate());
            assertEquals("alert:certificate_required", r.error());
            assertNull(r.http(), "a server that refuses us gets no request");
        }
    }

    enum Protocol {
        H2("h2"), HTTP11("http/1.1");

        final String alpn;

        Protocol(String alpn) {
            this.alpn = alpn;
        }
    }

    /** Completes TLS, then reads and drops everything. */
    static final class Silent extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Resets (RST, SO_LINGER 0) as soon as the request's first bytes arrive. */
    static final class ResetOnRequest extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            boolean request = msg instanceof ByteBuf b && b.isReadable();
            ReferenceCountUtil.release(msg);
            if (!request || !ctx.channel().isActive()) {
                return;
            }
            // without the SslHandler, close sends no close_notify: the client sees only the RST
            ctx.pipeline().remove(SslHandler.class);
            ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            ctx.channel().close();
        }
    }

    /** Answers the first bytes with a fixed text, then stays open. */
    static final class Reply extends ChannelInboundHandlerAdapter {
        private final String text;
        private boolean sent;

        Reply(String text) {
            this.text = text;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            if (!sent) {
                sent = true;
                ctx.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
            }
        }
    }

    /** Records the HTTP/1.1 request head, answers 200. */
    static final class RawHead extends ChannelInboundHandlerAdapter {
        private final Queue<String> seen;
        private final StringBuilder head = new StringBuilder();

        RawHead(Queue<String> seen) {
            this.seen = seen;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            head.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
            if (head.indexOf("\r\n\r\n") >= 0) {
                seen.add(head.toString());
                ctx.writeAndFlush(Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                        StandardCharsets.ISO_8859_1)).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    /** Once the request arrives: a status line and one header whose value never ends. */
    static final class EndlessHeader extends ChannelInboundHandlerAdapter {
        private boolean started;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            if (!started) {
                started = true;
                ctx.write(Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nX-Endless: ", StandardCharsets.US_ASCII));
                more(ctx);
            }
        }

        private void more(ChannelHandlerContext ctx) {
            if (!ctx.channel().isActive()) {
                return;
            }
            ByteBuf chunk = Unpooled.wrappedBuffer("a".repeat(4096).getBytes(StandardCharsets.US_ASCII));
            ctx.writeAndFlush(chunk).addListener(f -> {
                if (f.isSuccess()) {
                    ctx.executor().execute(() -> more(ctx));
                }
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /**
     * HTTP/2 via Netty's server codec: records the request HEADERS and answers {@code status}, with an
     * {@code x-big} header when given (sent despite the client's SETTINGS_MAX_HEADER_LIST_SIZE).
     */
    static final class H2Server extends ChannelInboundHandlerAdapter {
        private final Queue<Http2HeadersFrame> seen;
        private final int status;
        private final String big;

        H2Server(Queue<Http2HeadersFrame> seen, int status) {
            this(seen, status, null);
        }

        H2Server(Queue<Http2HeadersFrame> seen, int status, String big) {
            this.seen = seen;
            this.status = status;
            this.big = big;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent e && e.isSuccess()) {
                ctx.pipeline().addBefore(ctx.name(), null, Http2FrameCodecBuilder.forServer()
                        .encoderIgnoreMaxHeaderListSize(true).build());
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame f) {
                    if (seen != null) {
                        seen.add(f);
                    }
                    DefaultHttp2Headers h = new DefaultHttp2Headers();
                    h.status(Integer.toString(status));
                    if (big != null) {
                        h.set("x-big", big);
                    }
                    ctx.writeAndFlush(new DefaultHttp2HeadersFrame(h, true).stream(f.stream()));
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    /** Raw HTTP/2: on the client preface, SETTINGS then GOAWAY(last stream 0, ENHANCE_YOUR_CALM); stays open. */
    static final class GoAway extends ChannelInboundHandlerAdapter {
        private boolean sent;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            if (!sent) {
                sent = true;
                byte[] frames = {
                    0, 0, 0, 4, 0, 0, 0, 0, 0,                            // SETTINGS, empty
                    0, 0, 8, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b, // GOAWAY last=0 ENHANCE_YOUR_CALM
                };
                ctx.writeAndFlush(Unpooled.wrappedBuffer(frames));
            }
        }
    }
}
