package io.tlsweep.core.lab;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import io.netty.util.ReferenceCountUtil;
import io.tlsweep.core.target.ProbeGroup;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import io.tlsweep.core.tls.TlsProvider;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The built-in loopback lab behind {@code tlsweep demo}: in-process Netty servers on 127.0.0.x, each
 * showing one thing a scanner must diagnose, with certificates from a {@link TestPki} made at
 * start-up. Also the fixture of the engine's integration tests.
 *
 * <pre>{@code
 * try (DemoLab lab = DemoLab.start()) {
 *     for (LabEndpoint e : lab.endpoints()) { ... e.target() ... e.expectedStatus() ... }
 *     TrustAnchors anchors = TrustAnchors.of(List.of(lab.trustAnchor()));
 * }
 * }</pre>
 *
 * Ports are ephemeral (bound at start) so the lab never collides with a real service or with a
 * second lab; each server has its own loopback address so a sweep looks like a sweep of hosts.
 */
public final class DemoLab implements AutoCloseable {

    /** Domain for lab names: {@code .test} is reserved (RFC 2606) and never resolves on the Internet. */
    public static final String DOMAIN = "lab.tlsweep.test";

    private final TestPki pki;
    private final MultiThreadIoEventLoopGroup group;
    private final List<Channel> servers = new ArrayList<>();
    private final List<LabEndpoint> endpoints = new ArrayList<>();
    private final List<QuicLabServer> quicServers = new ArrayList<>();

    private DemoLab(TestPki pki) {
        this.pki = pki;
        this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    /** Starts every lab server; throws if one cannot bind. */
    public static DemoLab start() throws Exception {
        DemoLab lab = new DemoLab(TestPki.create("tlsweep demo"));
        try {
            lab.startAll();
            return lab;
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Instant now = Instant.now();
        String good = "www." + DOMAIN;
        String api = "api." + DOMAIN;
        HeldCertificate goodCert = pki.leaf().commonName(good).dnsNames(good, DOMAIN).build();
        HeldCertificate apiCert = pki.leaf().dnsNames(api).build();
        // The vhost is also a web server (--http): www speaks h2 and sends HSTS and an Alt-Svc for
        // its HTTP/3; api offers only http/1.1 and redirects to www.
        SslContext wwwContext = serverContext(goodCert, true, LabWebResponder.alpn("h2", "http/1.1"));
        SniHandlerFactory vhost = new SniHandlerFactory(wwwContext)
                .add(good, wwwContext)
                .add(api, serverContext(apiCert, true, LabWebResponder.alpn("http/1.1")));
        // Filled once the ports are known: www's Alt-Svc names the port HTTP/3 really answers on, so
        // the demo shows the promise checked (alt_svc.h3_reachable), as a real server on 443 would.
        Map<String, LabWebResponder.Response> answers = new java.util.concurrent.ConcurrentHashMap<>();
        vhost.web(sni -> answers.getOrDefault(sni, answers.get(good)));
        InetAddress vhostAddress = loopback(2);
        int vhostPort = bind(vhostAddress, vhost);
        endpoints.add(new LabEndpoint("vhost www (multi-SNI)", vhostAddress, vhostPort, good, "success", List.of(),
                new LabEndpoint.WebExpectation("h2", 200, true, true)));
        endpoints.add(new LabEndpoint("vhost api (multi-SNI)", vhostAddress, vhostPort, api, "success", List.of(),
                new LabEndpoint.WebExpectation("http/1.1", 308, false, false)));
        int h3Port = startQuic(vhostAddress, vhostPort, good, goodCert);
        answers.put(good, new LabWebResponder.Response(200, Map.of("server", "tlsweep-lab",
                "strict-transport-security", "max-age=31536000; includeSubDomains",
                "alt-svc", "h3=\":" + h3Port + "\"; ma=86400")));
        answers.put(api, new LabWebResponder.Response(308, Map.of("server", "tlsweep-lab",
                "location", "https://" + good + "/")));

        String expiredName = "expired." + DOMAIN;
        HeldCertificate expired = pki.leaf().dnsNames(expiredName)
                .validity(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(35))).build();
        add("expired", 3, expiredName, tls(expired, true), "success", List.of("expired"));

        String wrongName = "wrong-host." + DOMAIN;
        HeldCertificate wrong = pki.leaf().dnsNames("other-service.example.net").build();
        add("wrong host", 4, wrongName, tls(wrong, true), "success", List.of("name_mismatch"));

        String selfName = "self-signed." + DOMAIN;
        HeldCertificate self = pki.leaf().dnsNames(selfName).selfSigned().build();
        add("self-signed", 5, selfName, tls(self, false), "success", List.of("self_signed", "untrusted"));

        String noInterName = "no-intermediate." + DOMAIN;
        HeldCertificate noInter = pki.leaf().dnsNames(noInterName).build();
        add("missing intermediate", 6, noInterName, tls(noInter, false), "success",
                List.of("incomplete_chain", "untrusted"));

        add("plaintext HTTP on a TLS port", 7, "http." + DOMAIN, new PlainHttpInitializer(), "not_tls", List.of());

        // A port nobody listens on: bind, note the port, close. The address is private to the lab.
        InetAddress closedAddress = loopback(8);
        Channel probe = bindChannel(closedAddress, new PlainHttpInitializer());
        int closedPort = ((InetSocketAddress) probe.localAddress()).getPort();
        probe.close().syncUninterruptibly();
        endpoints.add(new LabEndpoint("closed port", closedAddress, closedPort, null, "refused", List.of()));
    }

    /**
     * HTTP/3 beside the vhost, as a web server offers it on UDP 443 beside TCP 443: same address,
     * same port number when the UDP port is free (else an ephemeral one), same certificate.
     */
    private int startQuic(InetAddress address, int tcpPort, String name, HeldCertificate cert) throws Exception {
        QuicLabServer h3;
        try {
            h3 = QuicLabServer.http3(address, tcpPort, cert, true, "h3");
        } catch (Exception e) {
            h3 = QuicLabServer.http3(address, 0, cert, true, "h3");
        }
        quicServers.add(h3);
        endpoints.add(new LabEndpoint("HTTP/3 (QUIC) beside the vhost", address, h3.address().getPort(), name,
                "success", List.of(), Transport.UDP));
        return h3.address().getPort();
    }

    /** The lab's root CA: pass it as the trust anchor (the demo's {@code --ca-file}). */
    public X509Certificate trustAnchor() {
        return pki.root().certificate();
    }

    public TestPki pki() {
        return pki;
    }

    /** Every probe the demo makes, with what it must find, in a fixed order. */
    /**
     * The probes to make, one per endpoint, in the order a sweep plan would emit them: endpoints of
     * one address and port number (the vhost's names over TCP and its HTTP/3 over UDP) form one
     * {@link ProbeGroup}, TCP first, so the engine judges them together (same certificate over QUIC,
     * whether Alt-Svc's h3 answers).
     */
    public List<Target> targets() {
        Map<String, List<LabEndpoint>> byAddressAndPort = new java.util.LinkedHashMap<>();
        for (LabEndpoint e : endpoints) {
            byAddressAndPort.computeIfAbsent(e.address().getHostAddress() + "|" + e.port(), k -> new ArrayList<>())
                    .add(e);
        }
        List<Target> out = new ArrayList<>();
        for (List<LabEndpoint> members : byAddressAndPort.values()) {
            ProbeGroup group = members.size() > 1 ? new ProbeGroup(members.size()) : null;
            members.stream().sorted(java.util.Comparator.comparing(LabEndpoint::transport))
                    .forEach(e -> out.add(new Target(e.address(), e.port(), e.transport(), e.sni(), e.sni(), group)));
        }
        return out;
    }

    public List<LabEndpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    @Override
    public void close() {
        for (Channel c : servers) {
            c.close().syncUninterruptibly();
        }
        quicServers.forEach(QuicLabServer::close);
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private void add(String label, int lastOctet, String sni, ChannelHandler initializer, String status,
                     List<String> findings) throws Exception {
        InetAddress address = loopback(lastOctet);
        int port = bind(address, initializer);
        endpoints.add(new LabEndpoint(label, address, port, sni, status, findings));
    }

    private int bind(InetAddress address, ChannelHandler initializer) throws Exception {
        Channel channel = bindChannel(address, initializer);
        servers.add(channel);
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    private Channel bindChannel(InetAddress address, ChannelHandler initializer) throws Exception {
        return new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(initializer)
                .bind(new InetSocketAddress(address, 0)).sync().channel();
    }

    private static InetAddress loopback(int lastOctet) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet});
    }

    private static SslContext serverContext(HeldCertificate cert, boolean withIntermediate) throws Exception {
        return serverContext(cert, withIntermediate, null);
    }

    private static SslContext serverContext(HeldCertificate cert, boolean withIntermediate,
                                            ApplicationProtocolConfig alpn) throws Exception {
        List<X509Certificate> chain = withIntermediate ? cert.chain() : List.of(cert.certificate());
        return SslContextBuilder.forServer(cert.keyPair().getPrivate(), chain)
                .applicationProtocolConfig(alpn)
                // Asked through TlsProvider, never OpenSsl directly: loading OpenSsl first would freeze
                // JSSE before JdkTlsPolicy relaxes it, and a JDK-provider scan in this JVM could then
                // not speak TLS 1.0/1.1.
                .sslProvider(TlsProvider.preferred() == TlsProvider.BORINGSSL ? SslProvider.OPENSSL : SslProvider.JDK)
                .build();
    }

    private static ChannelHandler tls(HeldCertificate cert, boolean withIntermediate) throws Exception {
        SslContext context = serverContext(cert, withIntermediate);
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(context.newHandler(ch.alloc()), new Discard());
            }
        };
    }

    /** Serves certificates by SNI, and the default one when the client sends none. */
    private static final class SniHandlerFactory extends ChannelInitializer<Channel> {
        private final DomainWildcardMappingBuilder<SslContext> mapping;
        private Function<String, LabWebResponder.Response> web;

        SniHandlerFactory(SslContext fallback) {
            this.mapping = new DomainWildcardMappingBuilder<>(fallback);
        }

        SniHandlerFactory add(String name, SslContext context) {
            mapping.add(name, context);
            return this;
        }

        /** After the handshake, answer HTTP with the response for the SNI. */
        SniHandlerFactory web(Function<String, LabWebResponder.Response> bySni) {
            this.web = bySni;
            return this;
        }

        @Override
        protected void initChannel(Channel ch) {
            Mapping<String, SslContext> built = mapping.build();
            ch.pipeline().addLast(new SniHandler(built), web == null ? new Discard() : new LabWebResponder(web));
        }
    }

    /** What an HTTP server does when a TLS ClientHello arrives: a 400 in plaintext, then close. */
    private static final class PlainHttpInitializer extends ChannelInitializer<Channel> {
        @Override
        protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ReferenceCountUtil.release(msg);
                    byte[] body = ("HTTP/1.1 400 Bad Request\r\nServer: tlsweep-lab\r\nContent-Length: 0\r\n"
                            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(body)).addListener(ChannelFutureListener.CLOSE);
                }
            });
        }
    }

    /** Swallows whatever the client sends after the handshake. */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
