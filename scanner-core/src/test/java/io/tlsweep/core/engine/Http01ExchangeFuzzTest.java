package io.tlsweep.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tlsweep.core.acme.HttpHeadException;
import io.tlsweep.core.acme.HttpResponseHead;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link Http01Exchange} (the ACME HTTP-01 probe's reader) over random reads: it reports exactly
 * once, keeps at most {@link HttpResponseHead#MAX_BYTES}, and its verdict is the parser's verdict
 * on the bytes it kept, whatever the split: re-parsing the growing buffer must not change the answer.
 */
class Http01ExchangeFuzzTest {

    @Provide
    Arbitrary<byte[]> responses() {
        Arbitrary<String> header = Combinators.combine(
                        Arbitraries.of("Location", "location", "Server", "X", "Bad Name", " folded", ""),
                        Arbitraries.oneOf(Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60),
                                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(30)))
                .as((n, v) -> n + ":" + v);
        Arbitrary<String> head = Combinators.combine(
                        Arbitraries.of("HTTP/1.1 301 Moved", "HTTP/1.0 404", "HTTP/1.1 200 OK", "HTTP/2 302 x", "HTTP/1.1 099 x",
                                "HTTP/1.1 3O1 x", "SSH-2.0-OpenSSH_9.6", "HTTP/"),
                        header.list().ofMaxSize(8), Arbitraries.of("\r\n", "\n"), Arbitraries.strings().ofMaxLength(30))
                .as((s, h, eol, body) -> s + eol + (h.isEmpty() ? "" : String.join(eol, h) + eol) + eol + body);
        Arbitrary<byte[]> endless = Arbitraries.integers().between(HttpResponseHead.MAX_BYTES - 40, HttpResponseHead.MAX_BYTES + 4000)
                .map(n -> ("HTTP/1.1 200 OK\r\nX: " + "a".repeat(n)).getBytes(StandardCharsets.ISO_8859_1));
        return Arbitraries.frequencyOf(
                Tuple.of(6, head.map(s -> s.getBytes(StandardCharsets.ISO_8859_1))),
                Tuple.of(1, endless),
                Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(600)));
    }

    @Property(tries = 1000, seed = "8555")
    void oneVerdictEqualToTheParsersOnTheKeptBytes(@ForAll("responses") byte[] input,
                                                   @ForAll @IntRange(min = 1, max = 5000) int chunk) {
        List<String> verdicts = new ArrayList<>();
        List<byte[]> received = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(new Http01Exchange(new Http01Exchange.Listener() {
            @Override
            public void answered(HttpResponseHead head) {
                verdicts.add("head " + head);
            }

            @Override
            public void notHttp(HttpHeadException why, byte[] bytes) {
                verdicts.add("not http: " + why.getMessage());
                received.add(bytes);
            }

            @Override
            public void ended(Throwable cause, byte[] bytes) {
                verdicts.add("ended");
                received.add(bytes);
            }
        }));
        for (int at = 0; at < input.length; at += chunk) {
            ch.writeInbound(Unpooled.wrappedBuffer(input, at, Math.min(chunk, input.length - at)));
        }
        ch.finishAndReleaseAll();
        assertEquals(1, verdicts.size(), () -> verdicts.toString());
        for (byte[] r : received) {
            assertTrue(r.length <= HttpResponseHead.MAX_BYTES, "kept " + r.length);
            assertArrayEquals(Arrays.copyOf(input, r.length), r, "kept bytes are the first ones");
        }
        // The parser on the whole input (capped as the reader caps it), parsed once, says the same.
        byte[] kept = Arrays.copyOf(input, Math.min(input.length, HttpResponseHead.MAX_BYTES));
        String once;
        try {
            HttpResponseHead head = HttpResponseHead.parse(kept, kept.length);
            once = head == null ? "ended" : "head " + head;
        } catch (HttpHeadException e) {
            once = "not http: " + e.getMessage();
        }
        assertEquals(once, verdicts.get(0));
    }
}
