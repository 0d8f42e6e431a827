package io.tlsweep.core.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Keeps the decrypted bytes that arrive while the probe waits out the TLS 1.3 client-certificate
 * grace period (an HTTP/2 server sends its SETTINGS right after the handshake), and hands them on,
 * in order, when it is removed: add the codec after it, then remove it. At most
 * {@link #MAX_HELD_BYTES} are kept; beyond that bytes are dropped (the exchange then fails as
 * malformed or by its deadline, never by memory).
 */
public final class HeldInbound extends ChannelInboundHandlerAdapter {

    /** Most bytes held: a server's opening frames are a few hundred. */
    public static final int MAX_HELD_BYTES = 64 * 1024;

    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private int bytes;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b && bytes + b.readableBytes() <= MAX_HELD_BYTES) {
            bytes += b.readableBytes();
            held.add(b);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (held.isEmpty()) {
            return;
        }
        ByteBuf b;
        while ((b = held.poll()) != null) {
            ctx.fireChannelRead(b);
        }
        ctx.fireChannelReadComplete();
    }
}
