package io.tlsweep.protocols.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Randomized input for a dialect's parser. It drives the session the way {@link PreludeHandler}
 * does (keep calling while it consumes or asks to send) but counts the calls, so a session that
 * would spin forever fails the test instead of hanging it; any exception other than
 * {@link PreludeProtocolException} fails too, and so do a reader index moved backwards and facts
 * past their bounds. Inputs: pure noise, and recorded server transcripts mutated (bytes
 * flipped, cut short, spliced, repeated), each fed in random splits.
 */
public final class PreludeFuzz {

    /** Far more calls than any honest exchange needs for the few KiB fed here. */
    private static final int MAX_CALLS_PER_READ = 100_000;

    private PreludeFuzz() {
    }

    /** Runs {@code rounds} random conversations; {@code seeds} are real server transcripts to mutate. */
    public static void run(StartTlsDialect dialect, PreludeOptions options, List<byte[]> seeds, long seed, int rounds) {
        Random r = new Random(seed);
        for (int round = 0; round < rounds; round++) {
            byte[] input = r.nextInt(4) == 0 || seeds.isEmpty() ? noise(r) : mutate(seeds.get(r.nextInt(seeds.size())), r);
            try {
                converse(dialect.newSession(options), input, r);
            } catch (AssertionError e) {
                throw new AssertionError("round " + round + " input " + Arrays.toString(input) + ": " + e.getMessage(), e);
            }
        }
    }

    private static byte[] noise(Random r) {
        byte[] b = new byte[r.nextInt(0, 2048)];
        r.nextBytes(b);
        if (b.length > 0 && r.nextBoolean()) {
            // Printable noise reaches deeper into the text and XML scanners than binary does.
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (32 + r.nextInt(95));
            }
        }
        return b;
    }

    private static byte[] mutate(byte[] original, Random r) {
        byte[] b = original.clone();
        switch (r.nextInt(5)) {
            case 0 -> { // flip a few bytes
                for (int i = 0, n = 1 + r.nextInt(4); i < n && b.length > 0; i++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1)); // cut short
            case 2 -> { // splice noise in
                byte[] junk = new byte[r.nextInt(1, 64)];
                r.nextBytes(junk);
                int at = r.nextInt(b.length + 1);
                byte[] out = new byte[b.length + junk.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(b, at, out, at + junk.length, b.length - at);
                b = out;
            }
            case 3 -> { // the transcript twice over
                byte[] out = Arrays.copyOf(b, b.length * 2);
                System.arraycopy(b, 0, out, b.length, b.length);
                b = out;
            }
            default -> { // one length-ish byte set to an extreme
                if (b.length > 0) {
                    b[r.nextInt(Math.min(b.length, 16))] = r.nextBoolean() ? (byte) 0xff : (byte) 0x80;
                }
            }
        }
        return b;
    }

    private static void converse(PreludeSession session, byte[] input, Random r) {
        session.firstMessage();
        ByteBuf buffer = Unpooled.buffer();
        try {
            int at = 0;
            while (at < input.length) {
                int n = Math.min(input.length - at, 1 + r.nextInt(r.nextBoolean() ? 4 : 600));
                buffer.writeBytes(input, at, n);
                at += n;
                if (drive(session, buffer)) {
                    break;
                }
            }
            PreludeInfo facts = session.facts();
            assertNotNull(facts);
            if (facts.replyText() != null && facts.replyText().length() > PreludeText.MAX_REPLY_TEXT) {
                fail("reply_text of " + facts.replyText().length() + " chars");
            }
            // escaped, a byte is at most 4 characters ("\xNN")
            if (facts.banner() != null && facts.banner().length() > 4 * PreludeText.MAX_BANNER_BYTES) {
                fail("banner of " + facts.banner().length() + " chars");
            }
        } finally {
            buffer.release();
        }
    }

    /** True once the session has finished (start TLS or stop). */
    private static boolean drive(PreludeSession session, ByteBuf buffer) {
        for (int calls = 0; calls < MAX_CALLS_PER_READ; calls++) {
            int before = buffer.readerIndex();
            PreludeStep step;
            try {
                step = session.onData(buffer);
            } catch (PreludeProtocolException e) {
                return true;
            } catch (RuntimeException e) {
                fail("threw " + e, e);
                return true;
            }
            assertNotNull(step, "onData returned null");
            if (buffer.readerIndex() < before || buffer.readerIndex() > buffer.writerIndex()) {
                fail("reader index moved to " + buffer.readerIndex() + " from " + before);
            }
            if (step instanceof PreludeStep.Send) {
                continue;
            }
            if (step == PreludeStep.NEED_MORE) {
                if (buffer.readerIndex() == before) {
                    buffer.discardReadBytes();
                    return false;
                }
                continue;
            }
            return true;
        }
        fail("still going after " + MAX_CALLS_PER_READ + " calls on one read: a loop");
        return true;
    }
}
