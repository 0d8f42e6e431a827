package io.tlsweep.core.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits in front of the {@code SslHandler}: binds this connection's {@link HandshakeCapture} while
 * the bytes travel into the TLS engine, and keeps the first bytes the peer sent so a non-TLS answer
 * ({@code not_tls}) can be shown to the user.
 */
public final class CaptureBindingHandler extends ChannelInboundHandlerAdapter {

    /** How many leading peer bytes are kept for the record: enough for a banner or a status line. */
    public static final int FIRST_BYTES_LIMIT = 64;

    private final HandshakeCapture capture;
    private byte[] firstBytes = new byte[0];

    public CaptureBindingHandler(HandshakeCapture capture) {
        this.capture = capture;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf && firstBytes.length < FIRST_BYTES_LIMIT) {
            int take = Math.min(FIRST_BYTES_LIMIT - firstBytes.length, buf.readableBytes());
            byte[] grown = java.util.Arrays.copyOf(firstBytes, firstBytes.length + take);
            buf.getBytes(buf.readerIndex(), grown, firstBytes.length, take);
            firstBytes = grown;
        }
        HandshakeCapture previous = HandshakeCapture.bind(capture);
        try {
            ctx.fireChannelRead(msg);
        } finally {
            HandshakeCapture.restore(previous);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // SslHandler may unwrap buffered records (and so call our managers) on read-complete too.
        HandshakeCapture previous = HandshakeCapture.bind(capture);
        try {
            ctx.fireChannelReadComplete();
        } finally {
            HandshakeCapture.restore(previous);
        }
    }

    /** Forgets the bytes seen so far: a plaintext prelude is over and TLS starts now. */
    public void resetFirstBytes() {
        firstBytes = new byte[0];
    }

    /** The first bytes received from the peer (at most {@link #FIRST_BYTES_LIMIT}). */
    public byte[] firstBytes() {
        return firstBytes.clone();
    }
}
