package io.tlsweep.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.Status;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SSLHandshakeException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * {@link FailureClassifier} is the last step before a failed probe's record: whatever exception
 * chain and first bytes arrive, it must answer (never throw, never loop), and its {@code error} is
 * one bounded line. Messages are drawn from what providers say plus peer-shaped text (alert-looking
 * words of any length, line breaks, NULs); chains nest the wrappers the classifier unwraps, and
 * some are cyclic, which {@code Throwable.initCause} allows.
 */
class FailureClassifierFuzzTest {

    /** What {@code error} may hold: the 200-character line cut plus a short fixed prefix. */
    private static final int MAX_ERROR = 240;

    @Provide
    Arbitrary<String> messages() {
        Arbitrary<String> word = Arbitraries.of("Received fatal alert: ", "SSLV3_ALERT_", "TLSV1_ALERT_", "TLSV13_ALERT_",
                "TLSV1_CERTIFICATE_REQUIRED", "connection reset", "Connection refused", "closed", "EOF", "timed out",
                "No route to host", "unreachable", "handshake_failure", "\r\n", "\u0000", "\u00ff", " ", "x");
        // long runs are a short random word repeated: jqwik builds a generated string char by char
        Arbitrary<String> longWord = Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').withChars('_')
                .ofMinLength(1).ofMaxLength(8), Arbitraries.integers().between(20, 700)).as(String::repeat);
        Arbitrary<String> alertWord = Combinators.combine(Arbitraries.of("Received fatal alert: ", "SSLV3_ALERT_", "TLSV13_ALERT_"),
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withChars('_').ofMinLength(1).ofMaxLength(8),
                Arbitraries.integers().between(1, 400)).as((prefix, w, n) -> prefix + w.repeat(n));
        return Arbitraries.oneOf(word, longWord, alertWord, Arbitraries.strings().ofMaxLength(80)).list().ofMaxSize(6)
                .map(parts -> String.join("", parts)).injectNull(0.05);
    }

    @Provide
    Arbitrary<Function<String, Throwable>> kinds() {
        return Arbitraries.of(List.of(
                RuntimeException::new, DecoderException::new, IOException::new, SSLHandshakeException::new,
                ConnectException::new, NotSslRecordException::new, m -> new ClosedChannelException(),
                m -> ProbeTimeoutException.PRELUDE_IDLE, IllegalStateException::new));
    }

    /** Mostly none or a TLS record's start, so the classifier gets past the not_tls test. */
    @Provide
    Arbitrary<byte[]> firstBytes() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(new byte[0])),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(2).ofMaxSize(64)
                        .map(b -> { b[0] = 0x15; b[1] = 3; return b; })),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(64)));
    }

    @Property(tries = 1000, seed = "4711")
    void alwaysAnswersWithOneBoundedLine(@ForAll @Size(min = 1, max = 5) List<@From("kinds") Function<String, Throwable>> chain,
                                         @ForAll @Size(min = 5, max = 5) List<@From("messages") String> messages,
                                         @ForAll boolean cyclic, @ForAll boolean connected,
                                         @ForAll("firstBytes") byte[] firstBytes) {
        Throwable head = chain(chain, messages, cyclic);
        FailureClassifier.Classified c = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> FailureClassifier.classify(head, connected, firstBytes), "classify did not return");
        assertNotNull(c.status());
        assertNotNull(c.phase());
        assertNotNull(c.error());
        assertFalse(c.error().contains("\n") || c.error().contains("\r"), c.error());
        assertTrue(c.error().length() <= MAX_ERROR, () -> "error of " + c.error().length() + " chars");
        if (!connected) {
            assertEquals(Phase.CONNECT, c.phase());
        }
        if (c.status() == Status.ALERT) {
            assertTrue(c.error().matches("alert:[a-z0-9_]+"), c.error());
        }
    }

    /** Found by {@link #alwaysAnswersWithOneBoundedLine}: this chain hung the classifier on the event loop. */
    @Example
    void aCauseChainThatLoopsStillGetsAnAnswer() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b");
        a.initCause(b);
        b.initCause(a);
        FailureClassifier.Classified c = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> FailureClassifier.classify(a, true, new byte[0]));
        assertEquals(Status.HANDSHAKE_FAILED, c.status());
    }

    /** The first bytes alone decide not_tls: anything that does not open a TLS record, once connected. */
    @Property(tries = 1000, seed = "2246")
    void firstBytesDecideNotTls(@ForAll @Size(min = 1, max = 64) byte[] firstBytes) {
        FailureClassifier.Classified c = FailureClassifier.classify(new SSLHandshakeException("x"), true, firstBytes);
        int type = firstBytes[0] & 0xff;
        boolean tls = type >= 20 && type <= 24 && (firstBytes.length < 2 || firstBytes[1] == 3);
        assertEquals(!tls, c.status() == Status.NOT_TLS, () -> java.util.Arrays.toString(firstBytes));
    }

    private static Throwable chain(List<Function<String, Throwable>> kinds, List<String> messages, boolean cyclic) {
        Throwable[] links = new Throwable[kinds.size()];
        for (int i = 0; i < links.length; i++) {
            links[i] = kinds.get(i).apply(messages.get(i));
        }
        for (int i = 0; i + 1 < links.length; i++) {
            link(links[i], links[i + 1]);
        }
        if (cyclic && links.length > 1) {
            link(links[links.length - 1], links[0]);
        }
        return links[0];
    }

    /** Sets the cause where the JDK lets us (a shared singleton or an already-caused link keeps its own). */
    private static void link(Throwable t, Throwable cause) {
        try {
            t.initCause(cause);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // stackless singletons and constructors that took a cause already: keep the chain shorter
        }
    }
}
