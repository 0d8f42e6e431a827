package io.tlsweep.core.fingerprint;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.tlsweep.core.tls.wire.ServerHelloParser;
import io.tlsweep.core.tls.wire.WireFormatException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Sends one JARM hello and keeps the server's first bytes, at most {@link JarmAnswer#REFERENCE_READ}
 * (the reference's single {@code recv(1484)}; that is the buffer's cap). It stops reading as soon as
 * those bytes decide the answer, so that it sees what the reference's one {@code recv} sees from a
 * server that writes its flight at once: the first byte is not a handshake record, or the first
 * message is not a ServerHello, or {@link ServerHelloParser} has reached the end of what is sent in
 * the clear (alert, TLS 1.3 ServerHello or HelloRetryRequest, ServerHelloDone), or the bytes stop
 * parsing as TLS, or the cap is reached. Close, reset and the timeout (scheduled by the probe) end
 * it too. {@code onDone} gets a {@link Reply} once, on the channel's event loop.
 */
final class JarmReadHandler extends ChannelInboundHandlerAdapter {

    private final byte[] hello;
    private final Consumer<Reply> onDone;
    private final byte[] received = new byte[JarmAnswer.REFERENCE_READ];
    private final ServerHelloParser parser = new ServerHelloParser();
    private ChannelHandlerContext ctx;
    private int size;
    private boolean finished;

    /**
     * What one probe got back.
     *
     * @param data     the first bytes (possibly empty: the server closed), or null when the
     *                 connection failed or timed out before any byte arrived
     * @param timedOut true only when nothing arrived within the timeout (the reference's TIMEOUT)
     */
    record Reply(byte[] data, boolean timedOut) {
    }

    JarmReadHandler(byte[] hello, Consumer<Reply> onDone) {
        this.hello = hello;
        this.onDone = onDone;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(ctx.alloc().buffer(hello.length).writeBytes(hello));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (finished) {
                return;
            }
            int n = Math.min(buf.readableBytes(), received.length - size);
            buf.readBytes(received, size, n);
            boolean decided = size + n >= received.length;
            try {
                decided |= parser.feed(received, size, n);
            } catch (WireFormatException e) {
                decided = true; // not TLS as we read it: the reference's offsets decide the answer
            }
            size += n;
            decided |= size > 0 && (received[0] != 22 || (size >= 6 && received[5] != 2));
            if (decided) {
                finish(ctx, Arrays.copyOf(received, size), false);
            }
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish(ctx, Arrays.copyOf(received, size), false);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset after some bytes keeps them (the reference's recv would have returned them first).
        finish(ctx, size > 0 ? Arrays.copyOf(received, size) : null, false);
    }

    /** The connect failed: refused/unreachable is a failed answer, a connect timeout the reference's TIMEOUT. */
    void connectFailed(boolean timedOut) {
        finish(ctx, null, timedOut);
    }

    /** The probe's deadline passed: what arrived so far, or the reference's TIMEOUT when nothing did. */
    void timeout() {
        finish(ctx, size > 0 ? Arrays.copyOf(received, size) : null, size == 0);
    }

    private void finish(ChannelHandlerContext ctx, byte[] data, boolean timedOut) {
        if (finished) {
            return;
        }
        finished = true;
        if (ctx != null) {
            ctx.close();
        }
        onDone.accept(new Reply(data, timedOut));
    }
}
