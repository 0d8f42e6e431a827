package io.tlsweep.protocols.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tlsweep.core.prelude.PreludeHandler;
import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.PreludeProtocolException;
import io.tlsweep.core.prelude.PreludeSession;
import io.tlsweep.core.prelude.PreludeStep;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.protocols.PreludeText;

/**
 * Plays a server's bytes to a fresh session of a dialect in reads of a given size, calling it as
 * {@link PreludeHandler} does, for the jqwik properties: it fails on any exception other than
 * {@link PreludeProtocolException}, on a session that keeps asking without consuming (a spin), on a
 * reader index moved backwards or past the end, and on facts past their documented bounds. It
 * returns how the conversation ended, so a property can also compare splits.
 */
public final class PreludeDriver {

    /** Calls allowed per byte fed before a session counts as spinning: any honest dialect needs a few. */
    private static final int CALLS_PER_BYTE = 10;

    /** How a conversation ended: a step's name ("start_tls", "stop:&lt;outcome&gt;", "typed_error", "need_more") and the facts. */
    public record Ending(String how, int sends, PreludeInfo facts) {
    }

    private PreludeDriver() {
    }

    /** Feeds {@code input} in reads of {@code chunk} bytes until the session decides or input runs out. */
    public static Ending play(StartTlsDialect dialect, PreludeOptions options, byte[] input, int chunk) {
        PreludeSession session = dialect.newSession(options);
        session.firstMessage();
        ByteBuf buffer = Unpooled.buffer();
        int sends = 0;
        long calls = 0;
        try {
            for (int at = 0; at < input.length; ) {
                int n = Math.min(chunk, input.length - at);
                buffer.writeBytes(input, at, n);
                at += n;
                while (true) {
                    if (++calls > (long) CALLS_PER_BYTE * input.length + 100) {
                        fail(dialect.name() + ": " + calls + " calls for " + input.length + " bytes: a spin");
                    }
                    int before = buffer.readerIndex();
                    PreludeStep step;
                    try {
                        step = session.onData(buffer);
                    } catch (PreludeProtocolException e) {
                        assertNotNull(e.getMessage());
                        return new Ending("typed_error", sends, checked(dialect, session.facts()));
                    } catch (RuntimeException e) {
                        throw new AssertionError(dialect.name() + ": escaped the parser: " + e, e);
                    }
                    assertNotNull(step, "onData returned null");
                    assertTrue(buffer.readerIndex() >= before && buffer.readerIndex() <= buffer.writerIndex(),
                            "reader index moved to " + buffer.readerIndex() + " from " + before);
                    if (step instanceof PreludeStep.Send) {
                        sends++;
                        continue;
                    }
                    if (step instanceof PreludeStep.Stop stop) {
                        return new Ending("stop:" + stop.outcome(), sends, checked(dialect, session.facts()));
                    }
                    if (step == PreludeStep.START_TLS) {
                        return new Ending("start_tls", sends, checked(dialect, session.facts()));
                    }
                    if (buffer.readerIndex() == before) {
                        buffer.discardReadBytes();
                        break;
                    }
                }
            }
            return new Ending("need_more", sends, checked(dialect, session.facts()));
        } finally {
            buffer.release();
        }
    }

    private static PreludeInfo checked(StartTlsDialect dialect, PreludeInfo f) {
        assertNotNull(f);
        assertTrue(dialect.name().equals(f.protocol()), f.protocol());
        // escaped, a byte takes at most 4 characters ("\xNN")
        assertTrue(f.banner() == null || f.banner().length() <= 4 * PreludeText.MAX_BANNER_BYTES, () -> "banner of " + f.banner().length());
        assertTrue(f.replyText() == null || f.replyText().length() <= PreludeText.MAX_REPLY_TEXT, () -> "reply_text of " + f.replyText().length());
        assertTrue(f.replyCode() == null || f.replyCode().length() <= 4 * PreludeText.MAX_REPLY_CODE_BYTES,
                () -> "reply_code of " + f.replyCode().length() + " chars");
        return f;
    }
}
