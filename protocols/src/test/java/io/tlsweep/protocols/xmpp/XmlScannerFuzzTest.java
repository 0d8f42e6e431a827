package io.tlsweep.protocols.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tlsweep.core.prelude.PreludeProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link XmlScanner} on markup soup: fragments of tags, attributes, quotes, entities and text,
 * runs past {@link XmlScanner#MAX_TOKEN}, and raw bytes. It returns a token, or null having
 * consumed nothing, or throws {@link PreludeProtocolException}; a token's raw bytes are exactly what
 * it consumed and at most {@code MAX_TOKEN}; a tag has at most 64 attributes; and the tokens do
 * not depend on how the bytes were split.
 */
class XmlScannerFuzzTest {

    private static final String[] PIECES = {
        "<", ">", "/>", "</", "<?", "?>", "<!", "<?xml version='1.0'?>", "<stream:stream", "</stream:stream>",
        "<a", "<b:c", " ", "\n", "\t", "=", "'", "\"", "x='1'", " y=\"2\"", "xmlns='urn:x'", "&lt;", "&amp;", "&",
        "text", "\u00e9", "\u0000", "a", ":", "starttls", "proceed", "<x/>", "<x></x>"
    };

    @Provide
    Arbitrary<byte[]> soup() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.of(PIECES)),
                Tuple.of(1, Arbitraries.integers().between(XmlScanner.MAX_TOKEN - 3, XmlScanner.MAX_TOKEN + 3).map("t"::repeat)),
                Tuple.of(1, Arbitraries.integers().between(60, 70).map(n -> {
                    StringBuilder s = new StringBuilder("<many");
                    for (int i = 0; i < n; i++) {
                        s.append(" a").append(i).append("='v'");
                    }
                    return s.append("/>").toString();
                })));
        Arbitrary<byte[]> markup = piece.list().ofMaxSize(40).map(l -> String.join("", l).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(Tuple.of(5, markup), Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)));
    }

    @Property(tries = 1000, seed = "6120")
    void tokensAreBoundedAndIndependentOfTheSplit(@ForAll("soup") byte[] input, @ForAll @IntRange(min = 1, max = 32) int chunk) {
        assertEquals(scan(input, input.length == 0 ? 1 : input.length), scan(input, chunk), () -> Arrays.toString(input));
    }

    /** The tokens (and the typed error, if any) of {@code input} fed in reads of {@code chunk} bytes. */
    private static List<String> scan(byte[] input, int chunk) {
        List<String> tokens = new ArrayList<>();
        ByteBuf in = Unpooled.buffer();
        try {
            for (int at = 0; at < input.length; at += chunk) {
                in.writeBytes(input, at, Math.min(chunk, input.length - at));
                while (true) {
                    int before = in.readerIndex();
                    XmlScanner.Token t;
                    try {
                        t = XmlScanner.next(in);
                    } catch (PreludeProtocolException e) {
                        tokens.add("error");
                        return tokens;
                    }
                    if (t == null) {
                        assertEquals(before, in.readerIndex(), "null must consume nothing");
                        break;
                    }
                    assertEquals(in.readerIndex() - before, t.raw().length, "raw is what was consumed");
                    assertTrue(t.raw().length > 0 && t.raw().length <= XmlScanner.MAX_TOKEN, "token of " + t.raw().length);
                    assertTrue(t.attributes().size() <= 64, "attributes " + t.attributes().size());
                    tokens.add(t.kind() + " " + t.name() + " " + t.attributes() + " " + t.selfClosing() + " " + t.text());
                }
            }
            return tokens;
        } finally {
            in.release();
        }
    }
}
