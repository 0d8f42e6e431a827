package io.tlsweep.core.lab;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.http3.DefaultHttp3DataFrame;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.http3.Http3ServerConnectionHandler;
import io.netty.handler.codec.quic.QuicTokenHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.tlsweep.core.quic.QuicLongHeader;
import io.tlsweep.core.quic.QuicVersions;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-process UDP servers for QUIC probes: a real HTTP/3 server (Netty's QUIC codec, quiche) and the
 * odd peers a scanner meets, each on its own loopback address. Used by the engine's tests and by
 * the demo lab.
 *
 * <pre>{@code
 * try (QuicLabServer h3 = QuicLabServer.http3(loopback(40), 0, leaf, true, "h3");
 *      QuicLabServer vn = QuicLabServer.versionNegotiation(loopback(41), List.of(0x1a2a3a4a))) {
 *     Target t = h3.target("www.lab.tlsweep.test");
 *     ...
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link #http3}: completes the handshake with the given ALPN list (only {@code "h3-29"}:
 *       a client offering {@code h3} alone gets a TLS alert in a CONNECTION_CLOSE) and answers
 *       {@code GET /} with 200;</li>
 *   <li>{@link #silent}: reads every datagram and never answers (a firewall, or a closed port seen
 *       through an unconnected socket);</li>
 *   <li>{@link #versionNegotiation}: answers every long-header packet with a hand-made Version
 *       Negotiation packet (RFC 9000 section 17.2.1) listing the given versions;</li>
 *   <li>{@link #garbage}: answers every datagram with seeded random datagrams, some shaped like
 *       QUIC packets for the client's connection ID.</li>
 * </ul>
 */
public final class QuicLabServer implements AutoCloseable {

    /** Body of the lab's HTTP/3 answer to any request. */
    public static final String BODY = "tlsweep lab over HTTP/3\n";
    /** The {@code server} header of the lab's HTTP/3 answers. */
    public static final String SERVER = "tlsweep-lab";

    private final MultiThreadIoEventLoopGroup group;
    private final Channel channel;
    private final AtomicLong datagrams;
    private final Queue<String> peerCloses;

    private QuicLabServer(MultiThreadIoEventLoopGroup group, Channel channel, AtomicLong datagrams,
                          Queue<String> peerCloses) {
        this.group = group;
        this.channel = channel;
        this.datagrams = datagrams;
        this.peerCloses = peerCloses;
    }

    /**
     * An HTTP/3 server with {@code cert} (and its intermediate when {@code withIntermediate}) on
     * {@code address}:{@code port} (0: ephemeral), offering exactly {@code alpn}.
     */
    public static QuicLabServer http3(InetAddress address, int port, HeldCertificate cert, boolean withIntermediate,
                                      String... alpn) throws InterruptedException {
        List<X509Certificate> chain = withIntermediate ? cert.chain() : List.of(cert.certificate());
        QuicSslContext ssl = QuicSslContextBuilder
                .forServer(cert.keyPair().getPrivate(), null, chain.toArray(X509Certificate[]::new))
                .applicationProtocols(alpn)
                .build();
        Queue<String> peerCloses = new ConcurrentLinkedQueue<>();
        ChannelHandler codec = Http3.newQuicServerCodecBuilder()
                .sslContext(ssl)
                .maxIdleTimeout(10, TimeUnit.SECONDS)
                .initialMaxData(1 << 20)
                .initialMaxStreamDataBidirectionalLocal(1 << 18)
                .initialMaxStreamDataBidirectionalRemote(1 << 18)
                .initialMaxStreamsBidirectional(100)
                // No Retry round trip: the lab measures handshakes, not address validation.
                .tokenHandler(NoRetry.INSTANCE)
                .handler(new ChannelInitializer<QuicChannel>() {
                    @Override
                    protected void initChannel(QuicChannel ch) {
                        ch.pipeline().addLast(new Http3ServerConnectionHandler(new ChannelInitializer<QuicStreamChannel>() {
                            @Override
                            protected void initChannel(QuicStreamChannel stream) {
                                stream.pipeline().addLast(new OkHandler());
                            }
                        }), new QuietOnError(peerCloses));
                    }
                })
                .build();
        return bind(address, port, codec, new AtomicLong(), peerCloses);
    }

    /** A UDP socket that reads and never answers. */
    public static QuicLabServer silent(InetAddress address) throws InterruptedException {
        AtomicLong count = new AtomicLong();
        return bind(address, 0, new Counting(count, (ctx, packet, header) -> { }), count);
    }

    /** Answers every long-header packet (a client's Initial) with Version Negotiation listing {@code versions}. */
    public static QuicLabServer versionNegotiation(InetAddress address, List<Integer> versions)
            throws InterruptedException {
        List<Integer> listed = List.copyOf(versions);
        AtomicLong count = new AtomicLong();
        return bind(address, 0, new Counting(count, (ctx, packet, header) -> {
            // RFC 9000 section 6.1: never answer a Version Negotiation with one.
            if (header != null && !header.isVersionNegotiation()) {
                byte[] vn = QuicLongHeader.versionNegotiation(header, listed);
                ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(vn), packet.sender()));
            }
        }), count);
    }

    /**
     * Answers every datagram with three seeded random datagrams: pure noise, a long-header packet of
     * version 1 addressed to the client's connection ID with a random body, and a short-header one
     * addressed to it. The client must drop them all and time out.
     */
    public static QuicLabServer garbage(InetAddress address, long seed) throws InterruptedException {
        Random random = new Random(seed);
        AtomicLong count = new AtomicLong();
        return bind(address, 0, new Counting(count, (ctx, packet, header) -> {
            byte[] noise = new byte[1 + random.nextInt(1200)];
            random.nextBytes(noise);
            ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(noise), packet.sender()));
            if (header != null) {
                byte[] to = header.scid();
                ByteBuf longPacket = Unpooled.buffer();
                longPacket.writeByte(0xc0 | random.nextInt(0x40)).writeInt(QuicVersions.V1);
                longPacket.writeByte(to.length).writeBytes(to).writeByte(8).writeLong(random.nextLong());
                byte[] body = new byte[random.nextInt(1100)];
                random.nextBytes(body);
                ctx.write(new DatagramPacket(longPacket.writeBytes(body), packet.sender()));
                ByteBuf shortPacket = Unpooled.buffer();
                shortPacket.writeByte(0x40 | random.nextInt(0x40)).writeBytes(to);
                body = new byte[random.nextInt(100)];
                random.nextBytes(body);
                ctx.write(new DatagramPacket(shortPacket.writeBytes(body), packet.sender()));
            }
            ctx.flush();
        }), count);
    }

    /** The address and port the server listens on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** A UDP target for this server, with {@code sni} as host and SNI (null for a bare-address probe). */
    public Target target(String sni) {
        return new Target(address().getAddress(), address().getPort(), Transport.UDP, sni, sni);
    }

    /**
     * How clients closed their connections to the HTTP/3 server, in order: {@code transport:0} for
     * a transport close with NO_ERROR, {@code application:256} for an application close with
     * H3_NO_ERROR, and so on. Empty for the other servers.
     */
    public List<String> peerCloses() {
        return List.copyOf(peerCloses);
    }

    /** Datagrams received so far (counted by the silent, version-negotiation and garbage servers). */
    public long datagramsReceived() {
        return datagrams.get();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static QuicLabServer bind(InetAddress address, int port, ChannelHandler handler, AtomicLong count)
            throws InterruptedException {
        return bind(address, port, handler, count, new ConcurrentLinkedQueue<>());
    }

    private static QuicLabServer bind(InetAddress address, int port, ChannelHandler handler, AtomicLong count,
                                      Queue<String> peerCloses) throws InterruptedException {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel channel = new Bootstrap()
                    .group(group)
                    .channel(NioDatagramChannel.class)
                    .handler(handler)
                    .bind(new InetSocketAddress(address, port)).sync().channel();
            return new QuicLabServer(group, channel, count, peerCloses);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** What a scripted UDP server does with one datagram ({@code header} null when it is no long-header packet). */
    @FunctionalInterface
    private interface Reply {
        void answer(ChannelHandlerContext ctx, DatagramPacket packet, QuicLongHeader header);
    }

    /** Counts datagrams and lets a {@link Reply} answer each one. */
    private static final class Counting extends SimpleChannelInboundHandler<DatagramPacket> {
        private final AtomicLong count;
        private final Reply reply;

        Counting(AtomicLong count, Reply reply) {
            this.count = count;
            this.reply = reply;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            count.incrementAndGet();
            reply.answer(ctx, packet, QuicLongHeader.parse(packet.content()));
        }
    }

    /**
     * A failed handshake (e.g. no common ALPN) is the client's to report, not the lab's to log. Not
     * closed here: quiche is already sending the CONNECTION_CLOSE with the alert, and closing the
     * channel now would free the connection before that packet leaves.
     */
    private static final class QuietOnError extends io.netty.channel.ChannelInboundHandlerAdapter {
        private final Queue<String> peerCloses;

        QuietOnError(Queue<String> peerCloses) {
            this.peerCloses = peerCloses;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // expected for refused handshakes
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof QuicConnectionCloseEvent close) {
                peerCloses.add((close.isApplicationClose() ? "application:" : "transport:") + close.error());
            }
            ctx.fireUserEventTriggered(evt);
        }
    }

    /** Never asks for address validation (no Retry packet), as Netty's own non-public handler of that kind. */
    private static final class NoRetry implements QuicTokenHandler {
        static final NoRetry INSTANCE = new NoRetry();

        @Override
        public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
            return false;
        }

        @Override
        public int validateToken(ByteBuf token, InetSocketAddress address) {
            return 0;
        }

        @Override
        public int maxTokenLength() {
            return 0;
        }
    }

    /** Answers any request with 200, a server header and a short body. */
    private static final class OkHandler extends Http3RequestStreamInboundHandler {
        @Override
        protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
            ReferenceCountUtil.release(frame);
        }

        @Override
        protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
            ReferenceCountUtil.release(frame);
        }

        @Override
        protected void channelInputClosed(ChannelHandlerContext ctx) {
            byte[] body = BODY.getBytes(StandardCharsets.US_ASCII);
            Http3HeadersFrame headers = new DefaultHttp3HeadersFrame();
            headers.headers().status("200").add("server", SERVER).addInt("content-length", body.length);
            ctx.write(headers);
            ctx.writeAndFlush(new DefaultHttp3DataFrame(Unpooled.wrappedBuffer(body)))
                    .addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
        }
    }
}
