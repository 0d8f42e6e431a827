package io.tlsweep.core.engine;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.function.Function;

/**
 * Native epoll when it loads (fewer syscalls and allocations per connection), NIO otherwise. The
 * choice is made once per scan and reported in the summary.
 *
 * @param datagramChannel makes a UDP channel of one address family (QUIC probes)
 */
record Transports(String name, IoHandlerFactory ioHandlerFactory, Class<? extends SocketChannel> socketChannel,
                  Function<SocketProtocolFamily, DatagramChannel> datagramChannel) {

    static Transports select(boolean preferNative) {
        if (preferNative && Epoll.isAvailable()) {
            return new Transports("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class,
                    EpollDatagramChannel::new);
        }
        return new Transports("nio", NioIoHandler.newFactory(), NioSocketChannel.class, NioDatagramChannel::new);
    }

    MultiThreadIoEventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, ioHandlerFactory);
    }
}
