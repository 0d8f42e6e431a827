package io.tlsweep.core.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.tlsweep.core.acme.HttpHeadException;
import io.tlsweep.core.acme.HttpResponseHead;
import java.util.Arrays;

/**
 * Reads one HTTP/1.x response head off a connection (plain, or above an {@code SslHandler}) and
 * reports it once: the head, bytes that cannot be one, or the connection ending first. Keeps at most
 * {@link HttpResponseHead#MAX_BYTES} bytes; the body and anything past the cap are dropped unread.
 * Timers belong to the probe.
 */
final class Http01Exchange extends ChannelInboundHandlerAdapter {

    /** Where the single verdict goes; called on the channel's event loop. */
    interface Listener {
        void answered(HttpResponseHead head);

        void notHttp(HttpHeadException why, byte[] received);

        /** The connection ended (cleanly when {@code cause} is null) before a whole head came. */
        void ended(Throwable cause, byte[] received);
    }

    private final Listener listener;
    private byte[] buf = new byte[512];
    private int length;
    private boolean reported;

    Http01Exchange(Listener listener) {
        this.listener = listener;
    }

    /** The bytes received so far (at most the cap). */
    byte[] received() {
        return Arrays.copyOf(buf, length);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (reported || !(msg instanceof ByteBuf in)) {
                return;
            }
            int take = Math.min(in.readableBytes(), HttpResponseHead.MAX_BYTES - length);
            if (length + take > buf.length) {
                buf = Arrays.copyOf(buf, Math.min(HttpResponseHead.MAX_BYTES, Math.max(buf.length * 2, length + take)));
            }
            in.getBytes(in.readerIndex(), buf, length, take);
            length += take;
            HttpResponseHead head;
            try {
                head = HttpResponseHead.parse(buf, length);
            } catch (HttpHeadException e) {
                reported = true;
                listener.notHttp(e, received());
                return;
            }
            if (head != null) {
                reported = true;
                listener.answered(head);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end(null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        end(cause);
        ctx.close();
    }

    private void end(Throwable cause) {
        if (!reported) {
            reported = true;
            listener.ended(cause, received());
        }
    }
}
