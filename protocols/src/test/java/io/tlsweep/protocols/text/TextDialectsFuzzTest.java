package io.tlsweep.protocols.text;

import io.tlsweep.core.prelude.Lines;
import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.protocols.Protocols;
import io.tlsweep.protocols.testing.Bytes;
import io.tlsweep.protocols.testing.DialectProperties;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Group;
import net.jqwik.api.Tuple;

/**
 * The {@link DialectProperties} for the six line dialects, each on conversations built from its own
 * protocol's lines (greetings, capability lists, answers, refusals) mixed with the lines that break
 * line protocols: no line end at all, a bare CR or LF, lines at and past {@link Lines#MAX_LINE},
 * IMAP/ManageSieve literals that announce more than follows (or 2^63 bytes). {@link RandomInputTest}
 * keeps the older seeded-Random rounds.
 */
class TextDialectsFuzzTest {

    /** Lines that break any line protocol, mixed into every dialect's conversations. */
    private static Arbitrary<String> hostileLines() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(Lines.MAX_LINE - 2, Lines.MAX_LINE + 2).map(n -> "2".repeat(n) + "\r\n"),
                // a quoted string (IMAP, ManageSieve) that runs the whole line, with escapes or without its close
                Combinators.combine(Arbitraries.of("a", "\\\"", "\\x", "STARTTLS "), Arbitraries.integers().between(1, Lines.MAX_LINE / 2),
                        Arbitraries.of("\"", "", "\" {5}")).as((w, n, end) -> ("\"" + w.repeat(n)).substring(0, Math.min(Lines.MAX_LINE - 8, 1 + w.length() * n)) + end),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(60),
                Arbitraries.of("\r", "\n", "\r\r\n", "", " \r\n", "{99999999999999999999}\r\n", "{9223372036854775807}\r\n", "* OK {5}\r\n"));
    }

    /**
     * A conversation that follows the protocol's usual order: position i of the server's side is one
     * of {@code positions.get(i)} (weight 8), a hostile line (1), or missing (1); then a line end,
     * mostly CRLF, sometimes a bare LF or none.
     */
    private static Arbitrary<byte[]> conversations(List<List<String>> positions) {
        Arbitrary<String> eol = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("\r\n")), Tuple.of(1, Arbitraries.of("\n", "")));
        List<Arbitrary<String>> lines = new java.util.ArrayList<>();
        for (List<String> alternatives : positions) {
            Arbitrary<String> line = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(alternatives)), Tuple.of(1, hostileLines()),
                    Tuple.of(1, Arbitraries.just("")));
            lines.add(Combinators.combine(line, eol).as((l, e) -> l.isEmpty() || l.endsWith("\n") ? l : l + e));
        }
        return Combinators.combine(lines).as(l -> Bytes.ascii(String.join("", l)));
    }

    abstract static class TextDialect extends DialectProperties {
        private final String name;
        private final List<List<String>> lines;

        TextDialect(String name, List<List<String>> lines) {
            this.name = name;
            this.lines = lines;
        }

        @Override
        protected StartTlsDialect dialect() {
            return Protocols.dialect(name).orElseThrow();
        }

        @Override
        protected PreludeOptions options() {
            return Transcript.OPTIONS;
        }

        @Override
        protected Arbitrary<byte[]> wellFormed() {
            return conversations(lines);
        }
    }

    @Group
    class Smtp extends TextDialect {
        Smtp() {
            super("smtp", List.of(List.of("220 mx ESMTP Postfix", "220 ready", "421 4.3.2 busy", "554 no", "220-mx ESMTP"),
                    List.of("250-mx", "250 mx", "220 mx"), List.of("250-PIPELINING", "250-SIZE 10240000", "500 what"),
                    List.of("250-STARTTLS", "250-8BITMIME"), List.of("250 CHUNKING", "250 STARTTLS", "250-X"),
                    List.of("220 2.0.0 Ready to start TLS", "454 4.7.0 TLS not available", "421 bye", "220 x")));
        }
    }

    @Group
    class Imap extends TextDialect {
        Imap() {
            super("imap", List.of(List.of("* OK IMAP4rev1 ready", "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready", "* BYE bye", "* PREAUTH hi",
                            "* OK {3}"),
                    List.of("* CAPABILITY IMAP4rev1 STARTTLS", "* CAPABILITY IMAP4rev1", "abc", "+ go on"),
                    List.of("a1 OK done", "a1 NO no", "a1 BAD no", "a1 OK [CAPABILITY STARTTLS] done", "* BYE bye"),
                    List.of("a2 OK Begin TLS", "a2 BAD no", "a2 NO no", "* OK still", "* BYE bye")));
        }
    }

    @Group
    class Pop3 extends TextDialect {
        Pop3() {
            super("pop3", List.of(List.of("+OK ready", "-ERR busy", "+OK"), List.of("+OK", "-ERR no"), List.of("TOP", "USER"),
                    List.of("STLS", "SASL PLAIN"), List.of(".", "..", "x"), List.of("+OK Begin TLS", "-ERR no", "+OK")));
        }
    }

    @Group
    class Ftp extends TextDialect {
        Ftp() {
            super("ftp", List.of(List.of("220-Pure-FTPd", "220 hi", "421 busy"), List.of("free text", "220-more"), List.of("220 hi", "221 bye"),
                    List.of("211-Features:", "211 no features", "500 no"), List.of(" AUTH TLS", " PBSZ", "AUTH TLS"),
                    List.of("211 End", "211-more"), List.of("234 Proceed", "500 no", "530 no", "431 no")));
        }
    }

    @Group
    class Nntp extends TextDialect {
        Nntp() {
            super("nntp", List.of(List.of("200 news ready", "201 read only", "400 bye", "502 no"), List.of("101 Capability list:", "500 no"),
                    List.of("VERSION 2", "READER"), List.of("STARTTLS", "IHAVE"), List.of(".", "..", "x"),
                    List.of("382 Continue", "580 no", "502 no")));
        }
    }

    @Group
    class Sieve extends TextDialect {
        Sieve() {
            super("sieve", List.of(List.of("\"IMPLEMENTATION\" {7}", "\"IMPLEMENTATION\" \"Dovecot\"", "BYE \"bye\"", "{3}"),
                    List.of("Dovecot", "abc", "\"SIEVE\" \"fileinto\""), List.of("\"SASL\" \"\"", "\"SASL\" \"PLAIN\""),
                    List.of("\"STARTTLS\"", "\"VERSION\" \"1.0\""), List.of("OK \"ready\"", "NO \"no\"", "BYE \"bye\""),
                    List.of("OK \"Begin TLS\"", "NO \"no\"", "BYE \"bye\"", "OK")));
        }
    }
}
