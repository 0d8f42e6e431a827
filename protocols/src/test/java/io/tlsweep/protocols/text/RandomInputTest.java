package io.tlsweep.protocols.text;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tlsweep.core.prelude.PreludeProtocolException;
import io.tlsweep.core.prelude.PreludeSession;
import io.tlsweep.core.prelude.PreludeStep;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.protocols.Protocols;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every text dialect against random input: random bytes, and random lines built from the words the
 * dialects look for (so the parsers get deep, not just past the greeting). Whatever arrives, a
 * session only ever returns a step or throws {@link PreludeProtocolException}; it never asks to be
 * called again without consuming anything, and its facts stay bounded.
 */
class RandomInputTest {

    /** Words and fragments from all six protocols, plus hostile ones (braces, bare CR, NUL, 8-bit). */
    private static final String[] PIECES = {
        "220", "220-", "250", "250-", "211-", "211", "234", "101", "200", "382", "421", "454", "500", "554",
        "+OK", "-ERR", "*", "* OK", "* BYE", "* CAPABILITY", "* PREAUTH", "a1", "a2", "OK", "NO", "BAD", "BYE",
        "+", ".", "..", "STARTTLS", "STLS", "AUTH TLS", "AUTH", "[CAPABILITY", "]", "\"STARTTLS\"",
        "\"IMPLEMENTATION\"", "{5}", "{0}", "{99999999}", "{3+}", "(", ")", "\"", " ", "  ", "\r", "\u0000",
        "\u00ff", "x", "End", "SSH-2.0-", "HTTP/1.1"
    };

    static Stream<StartTlsDialect> dialects() {
        return Stream.of("ftp", "imap", "nntp", "pop3", "sieve", "smtp")
                .map(n -> Protocols.dialect(n).orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void randomBytes(StartTlsDialect dialect) {
        Random r = new Random(dialect.name().hashCode());
        for (int i = 0; i < 1000; i++) {
            byte[] junk = new byte[r.nextInt(1, 3000)];
            r.nextBytes(junk);
            run(dialect, junk, r);
        }
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void randomProtocolishLines(StartTlsDialect dialect) {
        Random r = new Random(31L * dialect.name().hashCode());
        for (int i = 0; i < 2000; i++) {
            StringBuilder s = new StringBuilder();
            int lines = r.nextInt(1, 40);
            for (int l = 0; l < lines; l++) {
                s.append(randomLine(r)).append(r.nextInt(4) == 0 ? "\n" : "\r\n");
            }
            run(dialect, s.toString().getBytes(StandardCharsets.ISO_8859_1), r);
        }
    }

    /** A real server's side of a successful upgrade, then mutated: the parsers get deep, not just past the greeting. */
    @ParameterizedTest
    @MethodSource("dialects")
    void mutatedRealTranscripts(StartTlsDialect dialect) {
        Random r = new Random(57L * dialect.name().hashCode());
        List<String> real = List.of(HAPPY.get(dialect.name()).split("(?<=\n)"));
        int sends = 0;
        for (int i = 0; i < 3000; i++) {
            List<String> lines = new ArrayList<>(real);
            for (int m = r.nextInt(1, 4); m > 0 && !lines.isEmpty(); m--) {
                int at = r.nextInt(lines.size());
                switch (r.nextInt(lines.get(at).isEmpty() ? 4 : 6)) {
                    case 0 -> lines.set(at, randomLine(r) + "\r\n");
                    case 1 -> lines.add(at, randomLine(r) + (r.nextBoolean() ? "\n" : "\r\n"));
                    case 2 -> lines.remove(at);
                    case 3 -> lines.add(at, lines.get(at));
                    case 4 -> lines.set(at, lines.get(at).substring(0, r.nextInt(lines.get(at).length())));
                    default -> {
                        char[] c = lines.get(at).toCharArray();
                        c[r.nextInt(c.length)] = (char) r.nextInt(256);
                        lines.set(at, new String(c));
                    }
                }
            }
            sends += run(dialect, String.join("", lines).getBytes(StandardCharsets.ISO_8859_1), r);
        }
        // Proof the mutations left enough protocol for the dialect to answer it.
        assertTrue(sends > 1000, dialect.name() + " sent only " + sends + " commands");
    }

    private static final Map<String, String> HAPPY = Map.of(
            "smtp", "220 mx ESMTP Postfix\r\n250-mx\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 CHUNKING\r\n"
                    + "220 2.0.0 Ready to start TLS\r\n",
            "imap", "* OK IMAP4rev1 ready\r\n* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK done\r\n"
                    + "a2 OK Begin TLS negotiation now.\r\n",
            "pop3", "+OK ready\r\n+OK\r\nTOP\r\nSTLS\r\nUSER\r\n.\r\n+OK Begin TLS\r\n",
            "ftp", "220-Pure-FTPd\r\nfree text\r\n220 hi\r\n211-Features:\r\n AUTH TLS\r\n PBSZ\r\n211 End\r\n"
                    + "234 Proceed\r\n",
            "nntp", "200 news ready\r\n101 Capability list:\r\nVERSION 2\r\nSTARTTLS\r\n.\r\n382 Continue\r\n",
            "sieve", "\"IMPLEMENTATION\" {7}\r\nDovecot\r\n\"SASL\" \"\"\r\n\"STARTTLS\"\r\nOK \"ready\"\r\n"
                    + "OK \"Begin TLS\"\r\n");

    private static String randomLine(Random r) {
        StringBuilder s = new StringBuilder();
        for (int w = r.nextInt(0, 5); w > 0; w--) {
            s.append(PIECES[r.nextInt(PIECES.length)]);
            if (r.nextBoolean()) {
                s.append(' ');
            }
        }
        return s.toString();
    }

    /**
     * Feeds {@code input} in random chunks, acting as PreludeHandler does, until the session ends or
     * input does; returns how many commands the session sent.
     */
    private static int run(StartTlsDialect dialect, byte[] input, Random r) {
        PreludeSession session = dialect.newSession(Transcript.OPTIONS);
        ByteBuf buf = Unpooled.buffer();
        try {
            int fed = 0;
            int calls = 0;
            int sends = 0;
            while (fed < input.length) {
                int n = Math.min(input.length - fed, r.nextInt(1, 64));
                buf.writeBytes(input, fed, n);
                fed += n;
                while (true) {
                    if (++calls > 10 * input.length + 100) {
                        fail(dialect.name() + ": called " + calls + " times on " + input.length + " bytes");
                    }
                    int before = buf.readerIndex();
                    PreludeStep step;
                    try {
                        step = session.onData(buf);
                    } catch (PreludeProtocolException e) {
                        assertNotNull(e.getMessage());
                        checkFacts(dialect, session.facts());
                        return sends;
                    }
                    if (step instanceof PreludeStep.Send) {
                        sends++;
                        continue;
                    }
                    if (step != PreludeStep.NEED_MORE) {
                        checkFacts(dialect, session.facts());
                        return sends;
                    }
                    if (buf.readerIndex() == before) {
                        break;
                    }
                }
            }
            checkFacts(dialect, session.facts());
            return sends;
        } finally {
            buf.release();
        }
    }

    private static void checkFacts(StartTlsDialect dialect, PreludeInfo f) {
        assertTrue(dialect.name().equals(f.protocol()));
        // Escaping at most quadruples a byte ("\xff").
        assertTrue(f.banner() == null || f.banner().length() <= 4 * LineSession.MAX_BANNER_BYTES, f.banner());
        assertTrue(f.replyText() == null || f.replyText().length() <= LineSession.MAX_REPLY_TEXT, f.replyText());
        assertTrue(f.replyCode() == null || f.replyCode().length() <= 4, f.replyCode());
    }
}
