package io.tlsweep.protocols.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

/**
 * A fake server for a STARTTLS dialect on 127.0.0.x (ephemeral port, its own event loop): a
 * {@link Script} plays the server's side of the plaintext prelude, and may then turn the
 * connection into a real TLS server with the given {@link SslContext}, so a probe through the real
 * engine can end in a certificate. (scanner-core's fakes are test classes, not published; this is
 * the little of them the protocols need.)
 */
public final class ScriptedServer implements AutoCloseable {

    /** The server's side of one connection. Called on the server's event loop. */
    public interface Script {
        /** The connection is up: a server-first protocol writes its greeting here. */
        default void connected(Conversation c) {
        }

        /**
         * The client's bytes not consumed yet, cumulated; read what makes a complete request and
         * leave the rest.
         */
        void received(Conversation c, ByteBuf in);
    }

    /** What a script can do to its connection. */
    public interface Conversation {
        void write(byte[] bytes);

        /** From now on the connection is TLS (server side); bytes the client already sent go to it. */
        void startTls();

        /**
         * As {@link #startTls()}, for protocols that carry the handshake in their own packets (TDS
         * 7.x): {@code below} go between the socket and TLS, socket side first, and are removed once
         * the server's handshake has completed.
         */
        void startTls(ChannelHandler... below);

        void close();
    }

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final InetAddress address;
    private final Channel server;

    /** {@code tls} may be null for a script that never upgrades. */
    public ScriptedServer(int lastOctet, SslContext tls, Script script) {
        this.address = loopback(lastOctet);
        try {
            server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast("script", new Runner(script, tls));
                        }
                    })
                    .bind(new InetSocketAddress(address, 0)).syncUninterruptibly().channel();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** A target for this server, presenting {@code name} as host and SNI (null for a bare address). */
    public Target target(String name) {
        return new Target(address, ((InetSocketAddress) server.localAddress()).getPort(), Transport.TCP, name, name);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static InetAddress loopback(int lastOctet) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Cumulates the client's bytes and hands them to the script until it starts TLS. */
    private static final class Runner extends ChannelInboundHandlerAdapter implements Conversation {
        private final Script script;
        private final SslContext tls;
        private ChannelHandlerContext ctx;
        private ByteBuf pending;
        private boolean tlsStarted;

        Runner(Script script, SslContext tls) {
            this.script = script;
            this.tls = tls;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            this.ctx = ctx;
            pending = ctx.alloc().heapBuffer();
            script.connected(this);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (tlsStarted) { // decrypted application data, or late bytes: nobody needs them
                ReferenceCountUtil.release(msg);
                return;
            }
            ByteBuf in = (ByteBuf) msg;
            try {
                pending.writeBytes(in);
            } finally {
                in.release();
            }
            script.received(this, pending);
            if (tlsStarted) {
                ByteBuf rest = pending;
                pending = null;
                if (rest.isReadable()) {
                    // e.g. MySQL: the ClientHello right behind the SSLRequest, in the same segment
                    ctx.pipeline().fireChannelRead(rest);
                } else {
                    rest.release();
                }
            } else {
                pending.discardReadBytes();
            }
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            if (pending != null) {
                pending.release();
                pending = null;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        @Override
        public void write(byte[] bytes) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes));
        }

        @Override
        public void startTls() {
            tlsStarted = true;
            ctx.pipeline().addFirst("tls", tls.newHandler(ctx.alloc()));
        }

        @Override
        public void startTls(ChannelHandler... below) {
            tlsStarted = true;
            SslHandler handler = tls.newHandler(ctx.alloc());
            ctx.pipeline().addFirst("tls", handler);
            for (int i = below.length - 1; i >= 0; i--) {
                ctx.pipeline().addFirst(below[i]);
            }
            handler.handshakeFuture().addListener(f -> {
                for (ChannelHandler h : below) {
                    if (ctx.pipeline().context(h) != null) {
                        ctx.pipeline().remove(h);
                    }
                }
            });
        }

        @Override
        public void close() {
            ctx.close();
        }
    }
}
