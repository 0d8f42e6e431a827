package io.tlsweep.core.prelude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tlsweep.core.result.PreludeInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The handler's own duties, with a toy line dialect ("HELLO" greeting, "GO" starts TLS, "NO" refuses):
 * writes, buffering across reads, the byte cap, protocol errors and the injection guard.
 */
class PreludeHandlerTest {

    /** Server speaks first with "HELLO"; we answer "UPGRADE"; "GO" is the go-ahead. */
    static final class ToySession implements PreludeSession {
        private boolean greeted;

        @Override
        public byte[] firstMessage() {
            return null;
        }

        @Override
        public PreludeStep onData(ByteBuf in) {
            String line = Lines.readLine(in);
            if (line == null) {
                return PreludeStep.NEED_MORE;
            }
            if (!greeted) {
                if (!line.equals("HELLO")) {
                    return PreludeStep.stop(PreludeOutcome.PROTOCOL_MISMATCH, "not a toy greeting");
                }
                greeted = true;
                return PreludeStep.send(Lines.command("UPGRADE"));
            }
            return switch (line) {
                case "GO" -> PreludeStep.START_TLS;
                case "NO" -> PreludeStep.stop(PreludeOutcome.STARTTLS_REJECTED, "refused");
                default -> PreludeStep.NEED_MORE; // an informational line: keep reading
            };
        }

        @Override
        public PreludeInfo facts() {
            return new PreludeInfo("toy", null, null, null, null, false);
        }
    }

    private final List<String> events = new ArrayList<>();

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new PreludeHandler(new ToySession(), new PreludeHandler.Listener() {
            @Override
            public void upgrade(ChannelHandlerContext ctx, boolean injected) {
                events.add("upgrade injected=" + injected);
            }

            @Override
            public void stopped(PreludeOutcome outcome, String reason) {
                events.add(outcome + ": " + reason);
            }
        }));
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private static String written(EmbeddedChannel ch) {
        ByteBuf out = ch.readOutbound();
        try {
            return out == null ? null : out.toString(StandardCharsets.ISO_8859_1);
        } finally {
            if (out != null) {
                out.release();
            }
        }
    }

    @Test
    void greetingSplitAcrossReadsThenUpgrade() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(text("HEL"));
        assertNull(written(ch), "nothing sent before the greeting is complete");
        ch.writeInbound(text("LO\r\n"));
        assertEquals("UPGRADE\r\n", written(ch));
        ch.writeInbound(text("note: informational\r\nGO\r\n"));
        assertEquals(List.of("upgrade injected=false"), events);
    }

    @Test
    void bytesAfterTheGoAheadAreFlaggedAndDiscarded() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(text("HELLO\r\n"));
        written(ch);
        ch.writeInbound(text("GO\r\nEVIL INJECTED COMMAND\r\n"));
        assertEquals(List.of("upgrade injected=true"), events);
    }

    @Test
    void refusalStops() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(text("HELLO\r\nNO\r\n"));
        assertEquals(List.of("STARTTLS_REJECTED: refused"), events);
    }

    @Test
    void wrongProtocolStops() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(text("SSH-2.0-OpenSSH_9.2\r\n"));
        assertEquals(List.of("PROTOCOL_MISMATCH: not a toy greeting"), events);
    }

    @Test
    void anEndlessLineIsAProtocolErrorNotAnOutOfMemory() {
        EmbeddedChannel ch = channel();
        byte[] chunk = new byte[1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        for (int i = 0; i < 10 && events.isEmpty(); i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(chunk));
        }
        assertEquals(1, events.size());
        assertTrue(events.get(0).startsWith("PROTOCOL_MISMATCH: line longer than"), events.get(0));
    }

    @Test
    void anEndlessStreamOfShortLinesHitsTheByteCap() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(text("HELLO\r\n"));
        written(ch);
        byte[] lines = "note: still talking\r\n".repeat(200).getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 100 && events.isEmpty(); i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(lines));
        }
        assertEquals(1, events.size());
        assertTrue(events.get(0).startsWith("PROTOCOL_MISMATCH: more than"), events.get(0));
        assertFalse(ch.finish() && ch.inboundMessages().size() > 0, "nothing leaks past the handler");
    }

    @Test
    void randomBytesNeverEscapeAsExceptions() {
        Random r = new Random(11);
        for (int i = 0; i < 500; i++) {
            events.clear();
            EmbeddedChannel ch = channel();
            byte[] junk = new byte[r.nextInt(1, 3000)];
            r.nextBytes(junk);
            ch.writeInbound(Unpooled.wrappedBuffer(junk));
            assertTrue(events.size() <= 1);
            ch.finishAndReleaseAll();
        }
    }
}
