package io.tlsweep.core.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.tlsweep.core.tls.wire.ServerHello;
import io.tlsweep.core.tls.wire.ServerHelloParser;
import io.tlsweep.core.tls.wire.WireFormatException;

/**
 * Reads the server's ServerHello off the TCP stream on its way into the {@code SslHandler}, so the
 * record can carry JA3S/JA4S (neither TLS library exposes the ServerHello's extension order).
 * A pass-through: it copies inbound bytes into a {@link ServerHelloParser} and forwards every
 * message untouched (same buffer, same reader index, no reference count change).
 *
 * <p>It removes itself from the pipeline as soon as the ServerHello is parsed, on the first parse
 * error (the handshake then fails or succeeds on its own; the record just has no fingerprint), or
 * after {@link #MAX_BYTES} bytes: a ServerHello is the first handshake message and under 1 KiB in
 * practice, so 16 KiB (one full TLS record of plaintext) is generous and caps what a peer can make
 * it copy. The parser itself holds at most one record (its own cap, about 18 KiB).
 *
 * <p>Usage: put it directly in front of the {@code SslHandler} (after any protocol framing that
 * unwraps TLS records), then read {@link #serverHello()} when the probe ends, on the event loop.
 */
public final class ServerHelloCapture extends ChannelInboundHandlerAdapter {

    /** At most this many inbound bytes are examined. */
    public static final int MAX_BYTES = 16 * 1024;

    /** Bytes handed to the parser at a time: a typical ServerHello and its record header fit in one. */
    static final int CHUNK = 256;

    private final ServerHelloParser parser = new ServerHelloParser();
    private final byte[] chunk = new byte[CHUNK];
    private int examined;
    private boolean stopped;
    private ServerHello serverHello;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        boolean stopNow = false;
        if (!stopped && msg instanceof ByteBuf buf) {
            stopNow = examine(buf);
        }
        ctx.fireChannelRead(msg);
        if (stopNow && !ctx.isRemoved()) {
            ctx.pipeline().remove(this);
        }
    }

    /**
     * Feeds {@code buf}'s readable bytes to the parser in {@link #CHUNK}-byte pieces through one
     * reused array, and stops at the piece that completes the ServerHello: a server's first read
     * usually holds its whole flight (ServerHello, then kilobytes of encrypted records or the
     * certificate chain), and only the first ~100 bytes are wanted, on the event loop of every
     * handshake. True when it is time to stop.
     */
    private boolean examine(ByteBuf buf) {
        int at = buf.readerIndex();
        int end = at + Math.min(buf.readableBytes(), MAX_BYTES - examined);
        while (at < end && !stopped) {
            int n = Math.min(CHUNK, end - at);
            buf.getBytes(at, chunk, 0, n);
            at += n;
            examined += n;
            try {
                parser.feed(chunk, 0, n);
            } catch (WireFormatException e) {
                stopped = true; // not TLS, or bytes after the ServerHello the parser does not follow
            }
            ServerHello hello = parser.serverHello(); // per piece: no ServerFlight copy on the event loop
            if (hello != null) {
                serverHello = hello;
                stopped = true;
            }
            if (examined >= MAX_BYTES || parser.isDone()) {
                stopped = true;
            }
        }
        return stopped;
    }

    /** The ServerHello seen, or null when none was (yet) parsed. Read on the channel's event loop. */
    public ServerHello serverHello() {
        return serverHello;
    }
}
