package io.tlsweep.core.lab.fake;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Base of the misbehaving servers the engine's error-path tests scan: one Netty server socket on a
 * 127.0.0.x address and an ephemeral port, on its own event loop (so a server that never stops
 * writing cannot starve the scanner's loops). A subclass sets its fields, then calls {@link #bind()}
 * last in its constructor and says in {@link #initConnection} what each accepted connection does.
 */
public abstract class FakeServer implements AutoCloseable {

    private final InetAddress address;
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final AtomicInteger accepted = new AtomicInteger();
    private Channel server;

    protected FakeServer(InetAddress address) {
        this.address = address;
    }

    /** Binds; call once, at the end of the subclass constructor, after its own fields are set. */
    protected final void bind() {
        try {
            server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            accepted.incrementAndGet();
                            initConnection(ch);
                        }
                    })
                    .bind(new InetSocketAddress(address, 0)).syncUninterruptibly().channel();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Sets up the pipeline of one accepted connection (runs on the server's event loop). */
    protected abstract void initConnection(Channel ch);

    public InetAddress address() {
        return address;
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Connections accepted so far: one per probe attempt that reached this server. */
    public int accepted() {
        return accepted.get();
    }

    /** A probe of this server without SNI. */
    public Target target() {
        return target(null);
    }

    /** A probe of this server presenting {@code sni} (also used as the target's host name). */
    public Target target(String sni) {
        return new Target(address, port(), Transport.TCP, sni, sni);
    }

    /** Closes the listening socket and every accepted connection. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** 127.0.0.{@code lastOctet}: every 127/8 address answers on Linux loopback without configuration. */
    public static InetAddress loopback(int lastOctet) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet});
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4-byte address is always valid", e);
        }
    }
}
