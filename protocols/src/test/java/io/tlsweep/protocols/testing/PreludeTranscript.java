package io.tlsweep.protocols.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tlsweep.core.prelude.PreludeHandler;
import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.PreludeOutcome;
import io.tlsweep.core.prelude.PreludeSession;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.core.result.PreludeInfo;

/**
 * A dialect run by the real {@link PreludeHandler} in an {@link EmbeddedChannel}: the test plays the
 * server's recorded bytes in ({@link #receive}, or {@link #receiveOneByteAtATime}) and reads back
 * exactly what the client wrote ({@link #nextSent}) and how the prelude ended.
 */
public final class PreludeTranscript {

    private final PreludeSession session;
    private final EmbeddedChannel channel;
    private boolean upgraded;
    private boolean injected;
    private PreludeOutcome outcome;
    private String reason;
    private int endings;

    private PreludeTranscript(StartTlsDialect dialect, PreludeOptions options) {
        session = dialect.newSession(options);
        channel = new EmbeddedChannel(new PreludeHandler(session, new PreludeHandler.Listener() {
            @Override
            public void upgrade(ChannelHandlerContext ctx, boolean injectedBytes) {
                endings++;
                upgraded = true;
                injected = injectedBytes;
            }

            @Override
            public void stopped(PreludeOutcome o, String r) {
                endings++;
                outcome = o;
                reason = r;
            }
        }));
    }

    public static PreludeTranscript start(StartTlsDialect dialect, PreludeOptions options) {
        return new PreludeTranscript(dialect, options);
    }

    /** The next message the client wrote, or null when it wrote nothing more. */
    public byte[] nextSent() {
        ByteBuf out = channel.readOutbound();
        if (out == null) {
            return null;
        }
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    public PreludeTranscript receive(byte[] serverBytes) {
        channel.writeInbound(Unpooled.copiedBuffer(serverBytes));
        return this;
    }

    /** The worst split a network can make: every byte its own read. */
    public PreludeTranscript receiveOneByteAtATime(byte[] serverBytes) {
        for (byte b : serverBytes) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        return this;
    }

    /** True once the handler was told to start TLS. */
    public boolean upgraded() {
        return upgraded;
    }

    /** Whether bytes followed the go-ahead in the same read (meaningful once {@link #upgraded}). */
    public boolean injected() {
        return injected;
    }

    /** How the prelude stopped without TLS, or null (still running, or upgraded). */
    public PreludeOutcome outcome() {
        return outcome;
    }

    public String reason() {
        return reason;
    }

    /** How many times the handler reported an end: a finished prelude reports exactly once. */
    public int endings() {
        return endings;
    }

    public PreludeInfo facts() {
        return session.facts();
    }

    public void close() {
        channel.finishAndReleaseAll();
    }
}
