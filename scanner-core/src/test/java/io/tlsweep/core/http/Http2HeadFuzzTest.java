package io.tlsweep.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import io.tlsweep.core.result.HttpInfo;
import java.io.ByteArrayOutputStream;
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
 * The HTTP/2 head path ({@link Http2HeadHandler} on Netty's frame codec) against a server's side
 * built frame by frame: SETTINGS, then HEADERS (HPACK-encoded, with hostile {@code :status} and
 * values past the header-list cap, sometimes split into CONTINUATION), DATA, RST_STREAM, GOAWAY,
 * PING, WINDOW_UPDATE and unknown frames, on our stream or others, with random flags; then mutated
 * and cut anywhere, in random reads. Whatever arrives: at most one result, no exception but I/O
 * escapes to the probe, every value bounded; a well-formed answer gives its status.
 */
class Http2HeadFuzzTest {

    private static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6, GOAWAY = 7,
            WINDOW_UPDATE = 8, CONTINUATION = 9;
    private static final int END_STREAM = 0x1, END_HEADERS = 0x4;

    /** Our request's stream: the client opens its first stream with id 3 or 1; read it off the wire. */
    private static int requestStream(byte[] written) {
        int at = 24; // the connection preface
        while (at + 9 <= written.length) {
            int length = (written[at] & 0xff) << 16 | (written[at + 1] & 0xff) << 8 | (written[at + 2] & 0xff);
            if (written[at + 3] == HEADERS) {
                return ((written[at + 5] & 0x7f) << 24) | (written[at + 6] & 0xff) << 16
                        | (written[at + 7] & 0xff) << 8 | (written[at + 8] & 0xff);
            }
            at += 9 + length;
        }
        throw new AssertionError("no HEADERS frame in what the client wrote");
    }

    static byte[] frame(int type, int flags, int stream, byte[] payload) {
        ByteBuf b = Unpooled.buffer(9 + payload.length);
        b.writeMedium(payload.length).writeByte(type).writeByte(flags).writeInt(stream).writeBytes(payload);
        return b.array().length == b.readableBytes() ? b.array() : java.util.Arrays.copyOf(b.array(), b.readableBytes());
    }

    static byte[] hpack(List<Tuple.Tuple2<String, String>> fields) {
        Http2Headers headers = new DefaultHttp2Headers(false);
        for (Tuple.Tuple2<String, String> f : fields) {
            headers.add(f.get1(), f.get2());
        }
        ByteBuf out = Unpooled.buffer();
        try {
            new DefaultHttp2HeadersEncoder(Http2HeadersEncoder.NEVER_SENSITIVE, true).encodeHeaders(3, headers, out);
            byte[] b = new byte[out.readableBytes()];
            out.readBytes(b);
            return b;
        } catch (Http2Exception e) {
            throw new AssertionError(e);
        } finally {
            out.release();
        }
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60)),
                Tuple.of(1, Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(60)),
                Tuple.of(2, Arbitraries.of("200", "301", "103", "100", "000", "2000", "20", "abc", "", "max-age=1; preload",
                        "h3=\":443\"", "https://a.test/")),
                Tuple.of(1, Arbitraries.integers().between(1000, 20_000).map("v"::repeat)));
    }

    /** A header block: mostly a plausible response (a status, then ordinary fields), else any fields at all. */
    @Provide
    Arbitrary<List<Tuple.Tuple2<String, String>>> fields() {
        Arbitrary<String> name = Arbitraries.of(":status", ":status", ":path", "server", "location", "alt-svc",
                "strict-transport-security", "content-length", "Upper-Case", "connection", "x", "");
        Arbitrary<List<Tuple.Tuple2<String, String>>> hostile = Combinators.combine(name, values()).as(Tuple::of).list().ofMaxSize(8);
        Arbitrary<Tuple.Tuple2<String, String>> status = Arbitraries.oneOf(
                Arbitraries.integers().between(100, 599).map(c -> Tuple.of(":status", Integer.toString(c))),
                values().map(v -> Tuple.of(":status", v)));
        Arbitrary<Tuple.Tuple2<String, String>> plain = Combinators.combine(
                Arbitraries.of("server", "location", "alt-svc", "strict-transport-security", "x-a"), values()).as(Tuple::of);
        Arbitrary<List<Tuple.Tuple2<String, String>>> response = Combinators.combine(status, plain.list().ofMaxSize(6))
                .as((st, rest) -> { List<Tuple.Tuple2<String, String>> l = new java.util.ArrayList<>(); l.add(st); l.addAll(rest); return l; });
        return Arbitraries.frequencyOf(Tuple.of(3, response), Tuple.of(1, hostile));
    }

    /** One server frame: mostly on our stream (which the caller fills in), with real or random flags. */
    @Provide
    Arbitrary<byte[]> frames() {
        Arbitrary<Integer> stream = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(-1)),
                Tuple.of(1, Arbitraries.of(0, 1, 2, 5, Integer.MAX_VALUE)));
        Arbitrary<Integer> flags = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(END_HEADERS)),
                Tuple.of(2, Arbitraries.just(END_HEADERS | END_STREAM)), Tuple.of(1, Arbitraries.integers().between(0, 255)));
        Arbitrary<byte[]> headers = Combinators.combine(fields(), flags, stream, Arbitraries.integers().between(0, 3))
                .as((f, fl, s, split) -> {
                    byte[] block = hpack(f);
                    if (split == 0 || block.length < 2) {
                        return withStream(frame(HEADERS, fl, 0, block), s);
                    }
                    int cut = block.length / 2; // the block in HEADERS + CONTINUATION
                    return concat(withStream(frame(HEADERS, fl & ~END_HEADERS, 0, java.util.Arrays.copyOf(block, cut)), s),
                            withStream(frame(CONTINUATION, END_HEADERS, 0, java.util.Arrays.copyOfRange(block, cut, block.length)), s));
                });
        Arbitrary<byte[]> payload = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<byte[]> other = Combinators.combine(
                        Arbitraries.of(DATA, RST_STREAM, SETTINGS, PING, GOAWAY, WINDOW_UPDATE, CONTINUATION, 2, 5, 10, 0xfa),
                        Arbitraries.integers().between(0, 255), stream, payload)
                .as((t, fl, s, p) -> withStream(frame(t, fl, 0, p), s));
        Arbitrary<byte[]> wellFormedOther = Arbitraries.of(
                frame(RST_STREAM, 0, -1, new byte[] {0, 0, 0, 8}),
                frame(GOAWAY, 0, 0, new byte[] {0, 0, 0, 0, 0, 0, 0, 2}),
                frame(PING, 0, 0, new byte[8]),
                frame(WINDOW_UPDATE, 0, 0, new byte[] {0, 0, 0x10, 0}),
                frame(SETTINGS, 1, 0, new byte[0]),
                frame(DATA, END_STREAM, -1, new byte[] {'h', 'i'}));
        return Arbitraries.frequencyOf(Tuple.of(4, headers), Tuple.of(2, other), Tuple.of(2, wellFormedOther));
    }

    /** The frame's stream id: -1 stands for "our stream", resolved when the conversation is built. */
    private static byte[] withStream(byte[] frame, int stream) {
        ByteBuf b = Unpooled.wrappedBuffer(frame);
        b.setInt(5, stream);
        return frame;
    }

    @Provide
    Arbitrary<List<byte[]>> conversations() {
        Arbitrary<byte[]> settings = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(frame(SETTINGS, 0, 0, new byte[0]))),
                Tuple.of(2, Arbitraries.just(frame(SETTINGS, 0, 0, new byte[] {0, 3, 0, 0, 0, 100}))),
                Tuple.of(1, Arbitraries.just(frame(SETTINGS, 0, 0, new byte[] {0, 4, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}))));
        return Combinators.combine(settings, frames().list().ofMaxSize(10))
                .as((s, f) -> { List<byte[]> all = new java.util.ArrayList<>(); all.add(s); all.addAll(f); return all; });
    }

    @Property(tries = 800, seed = "9113")
    void onlyBoundedAnswers(@ForAll("conversations") List<byte[]> frames, @ForAll @IntRange(min = 0, max = 3) int damage,
                            @ForAll @IntRange(min = 0, max = 1 << 20) int where, @ForAll byte junk,
                            @ForAll @IntRange(min = 1, max = 1500) int chunk) {
        try (ExchangeHarness h = new ExchangeHarness(HttpExchange.H2)) {
            int ours = requestStream(h.written());
            byte[] wire = resolve(frames, ours);
            if (wire.length > 0) {
                int at = where % wire.length;
                switch (damage) {
                    case 1 -> wire = java.util.Arrays.copyOf(wire, at); // cut anywhere
                    case 2 -> wire[at] = junk; // one byte changed
                    case 3 -> wire = concat(java.util.Arrays.copyOf(wire, at), new byte[] {junk, junk, junk},
                            java.util.Arrays.copyOfRange(wire, at, wire.length));
                    default -> { }
                }
            }
            h.feed(wire, chunk);
            h.check();
            h.channel.close();
            h.check();
        }
    }

    /** SETTINGS then one HEADERS with a valid final status on our stream: exactly that status. */
    @Property(tries = 300, seed = "7540")
    void aWellFormedAnswerGivesItsStatus(@ForAll @IntRange(min = 200, max = 599) int status,
                                         @ForAll("plainFields") List<Tuple.Tuple2<String, String>> fields,
                                         @ForAll @IntRange(min = 1, max = 64) int chunk) {
        try (ExchangeHarness h = new ExchangeHarness(HttpExchange.H2)) {
            int ours = requestStream(h.written());
            List<Tuple.Tuple2<String, String>> all = new java.util.ArrayList<>();
            all.add(Tuple.of(":status", Integer.toString(status)));
            all.addAll(fields);
            h.feed(concat(frame(SETTINGS, 0, 0, new byte[0]), frame(HEADERS, END_HEADERS, ours, hpack(all))), chunk);
            h.check();
            assertEquals(1, h.results.size(), () -> "results " + h.results + " escaped " + h.escaped);
            HttpInfo info = h.results.get(0);
            assertEquals(status, info.status(), () -> String.valueOf(info));
            assertTrue(info.error() == null);
        }
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<String, String>>> plainFields() {
        return Combinators.combine(Arbitraries.of("server", "location", "alt-svc", "strict-transport-security", "x-a"),
                        Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(600))
                .as(Tuple::of).list().ofMaxSize(8);
    }

    private static byte[] resolve(List<byte[]> frames, int ours) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            byte[] c = f.clone();
            ByteBuf b = Unpooled.wrappedBuffer(c);
            // a frame may be HEADERS + CONTINUATION: walk every frame header in it
            for (int at = 0; at + 9 <= c.length; at += 9 + b.getUnsignedMedium(at)) {
                if (b.getInt(at + 5) == -1) {
                    b.setInt(at + 5, ours);
                }
            }
            out.writeBytes(c);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
