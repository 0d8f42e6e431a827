package io.tlsweep.core.lab.fake;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes "220 " and then lines forever, as fast as the client takes them (paced by Netty's
 * writability, so the server itself buffers at most one high-water mark). A probe that kept reading
 * in the hope of a TLS record would never finish; one that looks at the first bytes gives up at once
 * and closes, which this server sees as the end of its connection.
 */
public final class FakeEndlessBannerServer extends FakeServer {

    /** The start of the stream, before the first filler line. */
    public static final String GREETING = "220 ";

    private final String greeting;
    private final String filler;
    private final AtomicLong bytesWritten = new AtomicLong();
    private final CountDownLatch connectionEnded = new CountDownLatch(1);

    public FakeEndlessBannerServer(InetAddress address) {
        this(address, GREETING, "tlsweep endless banner, line %d of infinitely many\r\n");
    }

    /**
     * Another endless stream: {@code greeting}, then {@code filler} (a format taking the line number)
     * forever, e.g. an HTTP status line followed by header lines that never end.
     */
    public FakeEndlessBannerServer(InetAddress address, String greeting, String filler) {
        super(address);
        this.greeting = greeting;
        this.filler = filler;
        bind();
    }

    /** Bytes handed to the socket so far, across connections. */
    public long bytesWritten() {
        return bytesWritten.get();
    }

    /** Waits until a connection has ended (the client closed or reset it); false on timeout. */
    public boolean awaitConnectionEnded(long timeout, TimeUnit unit) throws InterruptedException {
        return connectionEnded.await(timeout, unit);
    }

    @Override
    protected void initConnection(Channel ch) {
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            private long line;

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                write(ctx, greeting);
                pump(ctx);
            }

            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                pump(ctx);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                io.netty.util.ReferenceCountUtil.release(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                connectionEnded.countDown();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }

            private void pump(ChannelHandlerContext ctx) {
                while (ctx.channel().isActive() && ctx.channel().isWritable()) {
                    write(ctx, String.format(filler, ++line));
                }
                ctx.flush();
            }

            private void write(ChannelHandlerContext ctx, String text) {
                ByteBuf buf = ctx.alloc().buffer().writeBytes(text.getBytes(StandardCharsets.US_ASCII));
                bytesWritten.addAndGet(buf.readableBytes());
                ctx.write(buf);
            }
        });
    }
}
