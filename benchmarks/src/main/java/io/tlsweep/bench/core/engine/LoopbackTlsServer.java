package io.tlsweep.bench.core.engine;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import io.tlsweep.core.lab.HeldCertificate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The far side of {@link HandshakeBench}: one TLS listener on each of {@code 127.0.0.first ..
 * 127.0.0.(first+count-1)}, ephemeral ports, serving {@code cert} with its intermediate.
 *
 * <p>Many addresses, not many ports on one: the engine caps probes per address
 * ({@code --per-host}, 32), so one address would cap the in-flight count below 64 and the bench
 * would measure the cap. The server always uses BoringSSL when it loads, so switching the client's
 * provider changes only the client. Loopback only: every address is built from {@code 127.0.0.x}.
 */
final class LoopbackTlsServer implements AutoCloseable {

    private final MultiThreadIoEventLoopGroup group;
    private final List<Channel> listeners = new ArrayList<>();
    private final List<InetSocketAddress> addresses = new ArrayList<>();

    private LoopbackTlsServer(int threads) {
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    static LoopbackTlsServer start(HeldCertificate cert, int firstOctet, int count, int threads) throws Exception {
        if (firstOctet < 1 || firstOctet + count - 1 > 254) {
            throw new IllegalArgumentException("addresses must stay within 127.0.0.1-254");
        }
        LoopbackTlsServer server = new LoopbackTlsServer(threads);
        try {
            SslContext context = SslContextBuilder.forServer(cert.keyPair().getPrivate(), cert.chain())
                    .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                    .build();
            for (int i = 0; i < count; i++) {
                server.listen(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (firstOctet + i)}), context);
            }
            return server;
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    private void listen(InetAddress address, SslContext context) throws InterruptedException {
        Channel channel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(context.newHandler(ch.alloc()), new Discard());
                    }
                })
                .bind(new InetSocketAddress(address, 0)).sync().channel();
        listeners.add(channel);
        addresses.add((InetSocketAddress) channel.localAddress());
    }

    /** Where the listeners are, in address order. */
    List<InetSocketAddress> addresses() {
        return List.copyOf(addresses);
    }

    @Override
    public void close() {
        for (Channel c : listeners) {
            c.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Drops whatever the client sends; the scanner closes (RST) right after its handshake. */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // resets and aborted handshakes are the client's business here
        }
    }
}
