package io.tlsweep.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import io.tlsweep.core.lab.fake.ToyDialect;
import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.prelude.PreludeSession;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link PreludeSession#tlsFraming()} through the real engine, with a toy protocol that carries the
 * TLS handshake in 2-byte length-prefixed frames (as TDS 7.x carries it in PRELOGIN packets): the
 * client says "UP", the server "GO", then both frame their TLS bytes.
 */
class PreludeTlsFramingTest {

    private static final TestPki PKI = TestPki.create("prelude framing");
    private static final HeldCertificate LEAF = PKI.leaf().dnsNames("framed.lab.test").build();

    /** A fresh length-prefix codec: the same on both sides. */
    static ChannelHandler lengthFraming() {
        return new CombinedChannelDuplexHandler<>(new LengthFieldBasedFrameDecoder(65535, 0, 2, 0, 2),
                new LengthFieldPrepender(2));
    }

    static final StartTlsDialect FRAMED = ToyDialect.upGo("framed", PreludeTlsFramingTest::lengthFraming);

    /** A server that answers "GO\n" to "UP\n", then does {@code afterGo} to its channel. */
    private static ScanRecord scanAgainst(int lastOctet, Consumer<Channel> afterGo) throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        InetAddress address = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet});
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast("prelude", new ChannelInboundHandlerAdapter() {
                                private int seen;

                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    seen += ((ByteBuf) msg).readableBytes();
                                    ReferenceCountUtil.release(msg);
                                    if (seen >= 3) { // the client sends nothing more before our GO
                                        ctx.pipeline().remove(this);
                                        ctx.channel().writeAndFlush(Unpooled.copiedBuffer("GO\n", StandardCharsets.US_ASCII));
                                        afterGo.accept(ctx.channel());
                                    }
                                }
                            });
                        }
                    })
                    .bind(new InetSocketAddress(address, 0)).syncUninterruptibly().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            ScanConfig config = ScanConfig.builder().handshakeTimeout(Duration.ofMillis(1500))
                    .totalTimeout(Duration.ofSeconds(20)).build();
            CertificateAnalyzer analyzer = new CertificateAnalyzer(TrustAnchors.of(List.of(PKI.root().certificate())));
            List<ScanRecord> records = new CopyOnWriteArrayList<>();
            try (ScanEngine engine = new ScanEngine(config, analyzer, t -> new ProbeKind("toy", FRAMED))) {
                engine.start(List.of(new Target(address, port, Transport.TCP, "framed.lab.test", "framed.lab.test"))
                        .iterator(), records::add).completion().get(60, TimeUnit.SECONDS);
            }
            assertEquals(1, records.size());
            return records.get(0);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void theHandshakeCrossesTheDialectsFraming() throws Exception {
        SslContext tls = SslContextBuilder.forServer(LEAF.keyPair().getPrivate(), LEAF.chain()).build();
        ScanRecord r = scanAgainst(73, ch -> {
            ch.pipeline().addFirst("tls", tls.newHandler(ch.alloc()));
            ch.pipeline().addFirst("framing", lengthFraming());
        });
        assertEquals(Status.SUCCESS, r.status(), r.toString());
        assertEquals("starttls", r.tlsMode());
        assertNotNull(r.certs(), r.toString());
        assertTrue(r.certs().verdict().trusted(), r.toString());
    }

    @Test
    void firstBytesAreWhatCameOutOfTheFramingNotItsHeaders() throws Exception {
        // After its GO, the server answers the (framed) ClientHello with a framed "HELLO".
        ScanRecord r = scanAgainst(74, ch -> ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {0, 5}, "HELLO".getBytes(StandardCharsets.US_ASCII)));
            }
        }));
        assertEquals(Status.NOT_TLS, r.status(), r.toString());
        assertEquals("HELLO", r.firstBytes(), "the framing sits below the capture handler");
    }
}
