package io.tlsweep.core.prelude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * {@link Lines#readLine} against random and line-shaped input fed in random splits: it returns a
 * line, returns null having consumed nothing, or throws {@link PreludeProtocolException}; a line
 * never exceeds {@link Lines#MAX_LINE}; and lines within the cap come back exactly as sent,
 * whatever the split.
 */
class LinesFuzzTest {

    /** Noise, bare CRs and LFs, and lines around the cap (a flood without a line end included). */
    @Provide
    Arbitrary<byte[]> lineish() {
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(3 * Lines.MAX_LINE);
        Arbitrary<byte[]> piece = Arbitraries.oneOf(
                Arbitraries.strings().withChars("\r\n").ofMaxLength(3).map(LinesFuzzTest::latin1),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40).map(LinesFuzzTest::latin1),
                Arbitraries.integers().between(Lines.MAX_LINE - 2, Lines.MAX_LINE + 2)
                        .map(n -> latin1("x".repeat(n))));
        Arbitrary<byte[]> pieces = piece.list().ofMaxSize(12).map(LinesFuzzTest::concat);
        return Arbitraries.frequencyOf(Tuple.of(1, noise), Tuple.of(3, pieces));
    }

    @Property(tries = 1000, seed = "2048")
    void onlyTheTypedErrorAndBoundedLines(@ForAll("lineish") byte[] input,
                                          @ForAll @IntRange(min = 1, max = 700) int chunk) {
        ByteBuf in = Unpooled.buffer();
        try {
            for (int at = 0; at < input.length; at += chunk) {
                in.writeBytes(input, at, Math.min(chunk, input.length - at));
                while (true) {
                    int before = in.readerIndex();
                    String line;
                    try {
                        line = Lines.readLine(in);
                    } catch (PreludeProtocolException e) {
                        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
                        return;
                    }
                    if (line == null) {
                        assertEquals(before, in.readerIndex(), "null must consume nothing");
                        assertTrue(in.readableBytes() <= Lines.MAX_LINE, "unframed bytes past the cap");
                        break;
                    }
                    assertTrue(line.length() <= Lines.MAX_LINE, "line of " + line.length());
                    assertEquals('\n', in.getByte(in.readerIndex() - 1), "a line ends at its LF");
                }
            }
        } finally {
            in.release();
        }
    }

    /** Lines within the cap (no control characters), CRLF or bare LF, come back as sent in any split. */
    @Property(tries = 500, seed = "5321")
    void linesRoundTrip(@ForAll @Size(max = 20) List<@StringLength(max = 300) @CharRange(from = ' ', to = '\u00ff') String> lines,
                        @ForAll boolean crlf, @ForAll @IntRange(min = 1, max = 64) int chunk) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (String l : lines) {
            wire.writeBytes(latin1(l + (crlf ? "\r\n" : "\n")));
        }
        byte[] bytes = wire.toByteArray();
        List<String> read = new ArrayList<>();
        ByteBuf in = Unpooled.buffer();
        try {
            for (int at = 0; at < bytes.length; at += chunk) {
                in.writeBytes(bytes, at, Math.min(chunk, bytes.length - at));
                for (String l = Lines.readLine(in); l != null; l = Lines.readLine(in)) {
                    read.add(l);
                }
            }
        } finally {
            in.release();
        }
        assertEquals(lines, read);
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
