package io.tlsweep.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tlsweep.core.result.HttpInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The HTTP/1.1 head path ({@link Http1HeadHandler} on Netty's client codec, then
 * {@link ResponseHead#toInfo}) against response heads built from the parts real servers send, with
 * hostile values (control bytes, 8-bit, folding, lengths past the caps, endless 1xx), then
 * mutated and cut at any offset, in random reads. Whatever arrives: at most one result, no exception
 * but I/O escapes to the probe, every value bounded; a well-formed head gives its status.
 */
class Http1HeadFuzzTest {

    private static final String[] NAMES = {
        "Server", "Location", "Strict-Transport-Security", "Alt-Svc", "alt-svc", "Content-Length",
        "Transfer-Encoding", "Connection", "X-Junk", "Bad Name", "", ":", "Set-Cookie"
    };

    /** A header value: plain, hostile bytes, near or past the caps, or HSTS/Alt-Svc-shaped. */
    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(80),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(80),
                Arbitraries.of("max-age=31536000; includeSubDomains; preload", "h3=\":443\"; ma=86400, h3-29=\":443\"",
                        "h3=\"[::1]:99999\"", "h%33=\":8443\"", "max-age=\"1", "chunked", "-1", "99999999999999999999"),
                Arbitraries.integers().between(500, 20_000).map("v"::repeat));
    }

    @Provide
    Arbitrary<String> headers() {
        Arbitrary<String> one = Combinators.combine(Arbitraries.of(NAMES), values(), Arbitraries.of(": ", ":", " : ", ":\t"))
                .as((n, v, sep) -> n + sep + v);
        Arbitrary<String> folded = values().map(v -> " " + v); // obs-fold continuation
        return Arbitraries.frequencyOf(Tuple.of(6, one), Tuple.of(1, folded));
    }

    /** A status line: mostly right, sometimes wrong in one part, sometimes past the status-line cap. */
    @Provide
    Arbitrary<String> statusLines() {
        Arbitrary<String> version = Arbitraries.of("HTTP/1.1", "HTTP/1.0", "HTTP/2", "HTTP/1.1 ", "http/1.1", "HTTP/x", "ICY");
        Arbitrary<String> code = Arbitraries.oneOf(Arbitraries.integers().between(100, 599).map(String::valueOf),
                Arbitraries.of("000", "99", "1000", "abc", "", "2OO", "-200", "4294967496"));
        Arbitrary<String> reason = Arbitraries.oneOf(Arbitraries.of("OK", "Moved", "", "Not Found"), values());
        return Combinators.combine(version, code, reason).as((v, c, r) -> v + " " + c + " " + r);
    }

    @Provide
    Arbitrary<byte[]> responses() {
        Arbitrary<String> interim = Arbitraries.of("HTTP/1.1 100 Continue", "HTTP/1.1 103 Early Hints\r\nLink: </a.css>")
                .list().ofMaxSize(12).map(l -> l.isEmpty() ? "" : String.join("\r\n\r\n", l) + "\r\n\r\n");
        Arbitrary<String> head = Combinators.combine(interim, statusLines(), headers().list().ofMaxSize(12),
                        Arbitraries.of("\r\n", "\n"), Arbitraries.strings().ofMaxLength(40))
                .as((i, s, h, eol, body) -> i + s + eol + (h.isEmpty() ? "" : String.join(eol, h) + eol) + eol + body);
        Arbitrary<byte[]> bytes = head.map(s -> s.getBytes(StandardCharsets.ISO_8859_1));
        return Arbitraries.frequencyOf(
                Tuple.of(6, bytes),
                Tuple.of(3, bytes.flatMap(Http1HeadFuzzTest::mutated)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(2000)));
    }

    /** Cut at any offset, a few bytes overwritten, or a run of junk spliced in. */
    static Arbitrary<byte[]> mutated(byte[] b) {
        Arbitrary<byte[]> cut = Arbitraries.integers().between(0, b.length).map(n -> java.util.Arrays.copyOf(b, n));
        Arbitrary<byte[]> flipped = Combinators.combine(
                        Arbitraries.integers().between(0, Math.max(0, b.length - 1)).list().ofMinSize(1).ofMaxSize(4),
                        Arbitraries.bytes().list().ofMinSize(4).ofMaxSize(4))
                .as((at, v) -> {
                    byte[] c = b.clone();
                    for (int i = 0; i < at.size() && c.length > 0; i++) {
                        c[at.get(i)] = v.get(i);
                    }
                    return c;
                });
        Arbitrary<byte[]> spliced = Combinators.combine(Arbitraries.integers().between(0, b.length),
                        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64))
                .as((at, junk) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(b, 0, at);
                    out.writeBytes(junk);
                    out.write(b, at, b.length - at);
                    return out.toByteArray();
                });
        return Arbitraries.oneOf(cut, flipped, spliced);
    }

    @Property(tries = 1000, seed = "9110")
    void onlyBoundedAnswers(@ForAll("responses") byte[] response, @ForAll @IntRange(min = 1, max = 1500) int chunk) {
        try (ExchangeHarness h = new ExchangeHarness(HttpExchange.HTTP_1_1)) {
            h.written();
            h.feed(response, chunk);
            h.check();
            h.channel.close();
            h.check();
        }
    }

    /** A plain head within the caps gives exactly its status, in any split. */
    @Property(tries = 300, seed = "7230")
    void aWellFormedHeadGivesItsStatus(@ForAll @IntRange(min = 200, max = 599) int status,
                                       @ForAll("plainHeaders") List<String> headers,
                                       @ForAll @IntRange(min = 1, max = 64) int chunk) {
        String head = "HTTP/1.1 " + status + " X\r\n" + String.join("", headers) + "\r\n";
        try (ExchangeHarness h = new ExchangeHarness(HttpExchange.HTTP_1_1)) {
            h.feed(head.getBytes(StandardCharsets.ISO_8859_1), chunk);
            h.check();
            assertEquals(1, h.results.size());
            HttpInfo info = h.results.get(0);
            assertEquals(status, info.status(), () -> String.valueOf(info));
        }
    }

    /** Found by {@link #onlyBoundedAnswers}: the codec accepted "000" and the record said status 0. */
    @Example
    void aStatusOutsideTheThreeDigitRangeIsMalformed() {
        for (String code : List.of("000", "099", "1000")) {
            try (ExchangeHarness h = new ExchangeHarness(HttpExchange.HTTP_1_1)) {
                h.feed(("HTTP/1.1 " + code + " OK\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), 100);
                h.check();
                assertEquals(1, h.results.size());
                assertEquals("malformed: status code " + Integer.parseInt(code), h.results.get(0).error());
            }
        }
    }

    /** A cause chain that loops (initCause allows it) hung the search for an I/O cause on the event loop. */
    @Example
    void theIoCauseSearchEndsOnALoopingChain() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b");
        a.initCause(b);
        b.initCause(a);
        assertNull(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> HttpExchange.ioCause(a)));
    }

    @Provide
    Arbitrary<List<String>> plainHeaders() {
        return Combinators.combine(Arbitraries.of("Server", "Location", "Alt-Svc", "Strict-Transport-Security", "X-A"),
                        Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(600))
                .as((n, v) -> n + ": " + v + "\r\n").list().ofMaxSize(10);
    }
}
