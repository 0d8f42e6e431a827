package io.tlsweep.protocols.text;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.ssl.SslContext;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A scripted text-protocol server on 127.0.0.x for the engine tests: it greets, answers each
 * command line from a table, and after answering the upgrade command (when it has a TLS context)
 * speaks TLS, as a real server does after "220 Ready to start TLS". A tarpit is a greeting that
 * never finishes: the server then says nothing more.
 */
public final class FakeTextServer implements AutoCloseable {

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final InetAddress address;
    private final String greeting;
    private final Map<String, String> replies;
    private final String upgradeCommand;
    private final SslContext tls;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final Channel server;

    /**
     * @param greeting       sent on accept (may be partial, or empty for silence)
     * @param replies        command line (without CRLF) -> the bytes answered; others get "500 ?"
     * @param upgradeCommand after answering this command the connection becomes TLS; null never
     * @param tls            the server's TLS context, or null
     */
    public FakeTextServer(int lastOctet, String greeting, Map<String, String> replies, String upgradeCommand,
                          SslContext tls) {
        this.address = loopback(lastOctet);
        this.greeting = greeting;
        this.replies = replies;
        this.upgradeCommand = upgradeCommand;
        this.tls = tls;
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(4096),
                                new StringDecoder(StandardCharsets.ISO_8859_1), new Conversation());
                    }
                })
                .bind(new InetSocketAddress(address, 0)).syncUninterruptibly().channel();
    }

    /** A probe of this server, without SNI. */
    public Target target() {
        return new Target(address, ((InetSocketAddress) server.localAddress()).getPort(), Transport.TCP, null, null);
    }

    /** Every command line received, in order, over all connections. */
    public List<String> commands() {
        return commands;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Conversation extends SimpleChannelInboundHandler<String> {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (!greeting.isEmpty()) {
                ctx.writeAndFlush(bytes(greeting));
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            String command = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            commands.add(command);
            ctx.writeAndFlush(bytes(replies.getOrDefault(command, "500 ?\r\n")));
            if (command.equals(upgradeCommand) && tls != null) {
                // The reply went out in the clear; whatever comes next is the ClientHello.
                ctx.pipeline().addFirst(tls.newHandler(ctx.alloc()));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // the scanner hangs up with RST after each probe: expected, not a failure
        }
    }

    private static io.netty.buffer.ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private static InetAddress loopback(int lastOctet) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet});
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4-byte address is always valid", e);
        }
    }
}
