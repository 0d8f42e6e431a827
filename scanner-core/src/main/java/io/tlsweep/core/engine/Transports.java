package io.tlsweep.core.engine;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Native epoll when it loads (fewer syscalls and allocations per connection), NIO otherwise. The
 * choice is made once per scan and reported in the summary.
 */
record Transports(String name, IoHandlerFactory ioHandlerFactory, Class<? extends SocketChannel> socketChannel) {

    static Transports select(boolean preferNative) {
        if (preferNative && Epoll.isAvailable()) {
            return new Transports("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class);
        }
        return new Transports("nio", NioIoHandler.newFactory(), NioSocketChannel.class);
    }

    MultiThreadIoEventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, ioHandlerFactory);
    }
}
