package io.tlsweep.core.prelude;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Runs a {@link PreludeSession} on a live connection: sends what it asks, feeds it the server's
 * bytes, and on its go-ahead hands over to TLS. It owns what the dialects must not: buffering
 * with a hard cap (an endless banner costs at most {@link #MAX_PRELUDE_BYTES}), writes, and the
 * STARTTLS injection guard. Timeouts belong to the probe that installed it.
 */
public final class PreludeHandler extends ChannelInboundHandlerAdapter {

    /** Most bytes a server may send before the upgrade: many times any real greeting and capability list. */
    public static final int MAX_PRELUDE_BYTES = 64 * 1024;

    /** What the probe does with the prelude's end. Called on the channel's event loop, at most once. */
    public interface Listener {
        /**
         * Start TLS now. {@code injected} says the server sent bytes after its go-ahead; they have
         * been discarded.
         */
        void upgrade(ChannelHandlerContext ctx, boolean injected);

        /** The prelude ended without an upgrade. */
        void stopped(PreludeOutcome outcome, String reason);

        /** The server sent something: an idle clock may start over. */
        default void received() {
        }
    }

    private final PreludeSession session;
    private final Listener listener;
    private ByteBuf buffer;
    private long received;
    private boolean finished;

    public PreludeHandler(PreludeSession session, Listener listener) {
        this.session = session;
        this.listener = listener;
    }

    public PreludeSession session() {
        return session;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        buffer = ctx.alloc().heapBuffer(512);
        byte[] first = session.firstMessage();
        if (first != null && ctx.channel().isActive()) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(first));
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (finished || !(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        listener.received();
        try {
            received += in.readableBytes();
            if (received > MAX_PRELUDE_BYTES) {
                finish(PreludeStep.stop(PreludeOutcome.PROTOCOL_MISMATCH,
                        "more than " + MAX_PRELUDE_BYTES + " bytes before the upgrade"), ctx);
                return;
            }
            buffer.writeBytes(in);
        } finally {
            in.release();
        }
        drive(ctx);
    }

    private void drive(ChannelHandlerContext ctx) {
        while (!finished) {
            PreludeStep step;
            int before = buffer.readerIndex();
            try {
                step = session.onData(buffer);
            } catch (PreludeProtocolException e) {
                step = PreludeStep.stop(PreludeOutcome.PROTOCOL_MISMATCH, e.getMessage());
            }
            if (step instanceof PreludeStep.Send send) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(send.bytes()));
                continue;
            }
            if (step == PreludeStep.NEED_MORE) {
                if (buffer.readerIndex() == before) {
                    buffer.discardReadBytes();
                    return;
                }
                continue; // it consumed something (a capability line): let it look at the rest
            }
            finish(step, ctx);
        }
    }

    private void finish(PreludeStep step, ChannelHandlerContext ctx) {
        finished = true;
        if (step instanceof PreludeStep.Stop stop) {
            listener.stopped(stop.outcome(), stop.reason());
            return;
        }
        // START_TLS: whatever followed the go-ahead in the same read came before our ClientHello,
        // so the server wrote it unprotected. Never let it reach TLS as if it were protected.
        boolean injected = buffer.isReadable();
        buffer.clear();
        listener.upgrade(ctx, injected);
    }
}
