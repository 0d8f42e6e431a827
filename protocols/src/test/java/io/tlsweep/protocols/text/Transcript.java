package io.tlsweep.protocols.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tlsweep.core.prelude.PreludeHandler;
import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.PreludeOutcome;
import io.tlsweep.core.prelude.PreludeSession;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.core.result.PreludeInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded conversation played against a dialect inside the real {@link PreludeHandler}: each
 * server turn is fed in, and each client turn must be exactly what the dialect wrote by then. Every
 * transcript is played twice: in whole turns, and one byte per read, where the client must stay
 * silent until the last byte of each server turn (no command on half a reply); only the last
 * turn may end the prelude before its last byte.
 *
 * <pre>{@code
 * Transcript.of(new SmtpStartTls())
 *         .server("220 mx ESMTP\r\n").client("EHLO tlsweep.invalid\r\n")
 *         .server("250-mx\r\n250 STARTTLS\r\n").client("STARTTLS\r\n")
 *         .server("220 go\r\n")
 *         .upgrades();
 * }</pre>
 */
public final class Transcript {

    public static final PreludeOptions OPTIONS =
            new PreludeOptions(PreludeOptions.DEFAULT_CLIENT_NAME, "mail.example.com", 25);

    /** How the prelude ended, and what the dialect reported. */
    public record Result(String event, PreludeInfo facts) {
    }

    private record Turn(boolean server, String bytes) {
    }

    private final StartTlsDialect dialect;
    private final List<Turn> turns = new ArrayList<>();

    private Transcript(StartTlsDialect dialect) {
        this.dialect = dialect;
    }

    public static Transcript of(StartTlsDialect dialect) {
        return new Transcript(dialect);
    }

    public Transcript server(String bytes) {
        turns.add(new Turn(true, bytes));
        return this;
    }

    public Transcript client(String bytes) {
        turns.add(new Turn(false, bytes));
        return this;
    }

    /** Plays it; the dialect must hand over to TLS with nothing left over. */
    public Result upgrades() {
        return ends("upgrade injected=false");
    }

    /** Plays it; the dialect must stop with {@code outcome}. */
    public Result stops(PreludeOutcome outcome) {
        Result r = play(false);
        assertTrue(r.event().startsWith(outcome + ": "), "expected " + outcome + ", got " + r.event());
        assertEquals(r, play(true), "byte-at-a-time reads end the same way");
        return r;
    }

    private Result ends(String event) {
        Result whole = play(false);
        assertEquals(event, whole.event());
        assertEquals(whole, play(true), "byte-at-a-time reads end the same way");
        return whole;
    }

    private Result play(boolean byteWise) {
        List<String> events = new ArrayList<>();
        PreludeSession session = dialect.newSession(OPTIONS);
        EmbeddedChannel ch = new EmbeddedChannel(new PreludeHandler(session, new PreludeHandler.Listener() {
            @Override
            public void upgrade(ChannelHandlerContext ctx, boolean injected) {
                events.add("upgrade injected=" + injected);
            }

            @Override
            public void stopped(PreludeOutcome outcome, String reason) {
                events.add(outcome + ": " + reason);
            }
        }));
        try {
            for (int t = 0; t < turns.size(); t++) {
                Turn turn = turns.get(t);
                String where = (byteWise ? "byte-wise" : "whole") + ", turn " + t;
                if (!events.isEmpty()) {
                    fail(where + ": the prelude already ended with " + events);
                }
                if (!turn.server()) {
                    assertEquals(turn.bytes(), written(ch), where);
                    continue;
                }
                byte[] bytes = turn.bytes().getBytes(StandardCharsets.ISO_8859_1);
                if (!byteWise) {
                    ch.writeInbound(Unpooled.wrappedBuffer(bytes));
                    continue;
                }
                boolean last = t == turns.size() - 1;
                for (int i = 0; i < bytes.length && events.isEmpty(); i++) {
                    ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, 1));
                    // The last turn may end the prelude early (the first line already says "not
                    // this protocol"); a command in the middle of a reply is always wrong.
                    boolean early = i < bytes.length - 1;
                    if (early && (!ch.outboundMessages().isEmpty() || !events.isEmpty() && !last)) {
                        fail(where + ": acted at byte " + i + " of " + bytes.length + ": " + events);
                    }
                }
            }
            assertEquals("", written(ch), "the client sent nothing more");
            assertEquals(1, events.size(), "one ending: " + events);
            ch.checkException();
            return new Result(events.get(0), session.facts());
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    private static String written(EmbeddedChannel ch) {
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            out.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return out.toString();
    }
}
