package io.tlsweep.protocols.hostile;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.LongUnaryOperator;

/**
 * The server's side of one accepted connection: the {@link Front} (if any) plays the dialect until
 * the {@link Placement} says where the {@link HostileBehaviour} takes over. Everything runs on the
 * connection's event loop. What the server holds per connection is bounded: client bytes are
 * cumulated only until the take-over (at most {@link #MAX_PENDING}), and endless writers are paced
 * by the channel's writability (one write-buffer high-water mark, 64 KiB by default).
 */
final class HostileConnection extends ChannelInboundHandlerAdapter {

    /** The client's bytes the front may hold unanswered; a probe's requests are far smaller. */
    static final int MAX_PENDING = 64 * 1024;

    private final HostileLab lab;
    private final Placement placement;
    private final HostileBehaviour behaviour;
    private final Front front;
    private ChannelHandlerContext ctx;
    private ByteBuf pending;
    private boolean takenOver;
    private boolean sawClientBytes;
    private boolean servingTls;
    private ScheduledFuture<?> drip;
    private LongFunction<byte[]> pumpPieces;
    private long pumpLeft;
    private long pumped;

    HostileConnection(HostileLab lab, Placement placement, HostileBehaviour behaviour, Front front) {
        this.lab = lab;
        this.placement = placement;
        this.behaviour = behaviour;
        this.front = front;
    }

    /** TLS is what the client expects from here (implicit TLS, or after the go-ahead). */
    boolean tlsExpected() {
        return placement != Placement.MID_PRELUDE;
    }

    Front front() {
        return front;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        lab.opened();
        pending = ctx.alloc().heapBuffer(256, MAX_PENDING);
        if (front == null || (placement == Placement.MID_PRELUDE && front.midPreludeAtAccept())) {
            takeOver();
        } else if (front.greeting().length > 0) {
            write(front.greeting());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (servingTls || !(msg instanceof ByteBuf in)) { // decrypted data after our TLS handshake: nobody needs it
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            if (in.readableBytes() > pending.maxWritableBytes()) {
                close(); // not a probe of ours
                return;
            }
            pending.writeBytes(in);
        } finally {
            in.release();
        }
        while (!takenOver && ctx.channel().isActive()) {
            Front.Answer a = front.answer(pending);
            if (a == null) {
                break;
            }
            if (placement == Placement.MID_PRELUDE) {
                takeOver(); // instead of the answer
            } else if (a.goAhead()) {
                byte[] extra = behaviour == HostileBehaviour.INJECT ? front.injection() : new byte[0];
                write(concat(a.reply(), extra)); // one write: an injection arrives with the go-ahead
                takeOver();
            } else {
                write(a.reply());
            }
        }
        if (takenOver && !servingTls && pending.isReadable()) {
            boolean first = !sawClientBytes;
            sawClientBytes = true;
            behaviour.onClientBytes(this, pending, first);
        } else if (servingTls && pending.isReadable()) {
            ByteBuf rest = pending.readRetainedSlice(pending.readableBytes());
            ctx.pipeline().fireChannelRead(rest); // the ClientHello that came with the switch (MySQL)
        }
        pending.discardReadBytes();
    }

    private void takeOver() {
        takenOver = true;
        lab.tookOver(behaviour);
        behaviour.start(this);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        pump();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (drip != null) {
            drip.cancel(false);
        }
        lab.closed();
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
        ctx.close(); // the probe hangs up with RST, and our TLS server may fail its handshake: expected
    }

    // What behaviours do to the connection.

    void write(byte[] bytes) {
        if (bytes.length > 0 && ctx.channel().isActive()) {
            lab.wrote(bytes.length);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes));
        }
    }

    void writeThenClose(byte[] bytes) {
        lab.wrote(bytes.length);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(ChannelFutureListener.CLOSE);
    }

    /** Writes, and once the bytes are on the wire resets the connection (SO_LINGER 0: close sends RST). */
    void writeThenReset(byte[] bytes) {
        lab.wrote(bytes.length);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(f -> {
            if (ctx.channel().isOpen()) { // the probe may have hung up first
                ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            }
            ctx.close();
        });
    }

    void close() {
        ctx.close();
    }

    /** One byte, {@code nextByte.applyAsLong(n)}, per drip interval, until the connection ends. */
    void drip(LongUnaryOperator nextByte) {
        long every = lab.dripInterval().toNanos();
        long[] n = {0};
        drip = ctx.executor().scheduleAtFixedRate(() -> {
            if (ctx.channel().isActive()) {
                write(new byte[] {(byte) nextByte.applyAsLong(n[0]++)});
            }
        }, every, every, TimeUnit.NANOSECONDS);
    }

    /** Writes {@code pieces.apply(0..count-1)} as fast as the client reads them (paced by writability). */
    void pump(LongFunction<byte[]> pieces, long count) {
        pumpPieces = pieces;
        pumpLeft = count;
        pump();
    }

    private void pump() {
        if (pumpPieces == null) {
            return;
        }
        boolean wrote = false;
        while (pumpLeft > 0 && ctx.channel().isActive() && ctx.channel().isWritable()) {
            byte[] piece = pumpPieces.apply(pumped++);
            pumpLeft--;
            lab.wrote(piece.length);
            ctx.write(Unpooled.wrappedBuffer(piece));
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
    }

    /** From here on the connection is a real TLS server (the lab's certificate); bytes already received go to it. */
    void serveTls() {
        servingTls = true;
        SslHandler ssl = lab.serverTls().newHandler(ctx.alloc());
        ctx.pipeline().addFirst("tls", ssl);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
