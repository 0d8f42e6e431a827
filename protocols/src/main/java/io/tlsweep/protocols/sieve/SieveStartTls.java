package io.tlsweep.protocols.sieve;

import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.PreludeSession;
import io.tlsweep.core.prelude.PreludeStep;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.protocols.text.LineSession;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ManageSieve STARTTLS (RFC 5804 2.2) on 4190. The greeting is the capability list:
 * <pre>
 * S: "IMPLEMENTATION" "Dovecot Pigeonhole" / "SASL" "PLAIN" / "STARTTLS" / "VERSION" "1.0"
 * S: OK "Dovecot ready."               (BYE or NO: service_unavailable)
 * C: STARTTLS                          (not listed: starttls_unsupported)
 * S: OK "Begin TLS negotiation now."   (NO, BYE: starttls_rejected)
 * </pre>
 * Strings may be literals ({@code {12}} then 12 raw bytes); they are skipped whole, so a line break
 * inside one cannot pass for a response.
 */
public final class SieveStartTls implements StartTlsDialect {

    @Override
    public String name() {
        return "sieve";
    }

    @Override
    public PreludeSession newSession(PreludeOptions options) {
        return new Session();
    }

    private static final class Session extends LineSession {
        /** A line ending in a literal's length: {@code {12}} or the non-synchronizing {@code {12+}}. */
        private static final Pattern LITERAL_AT_END = Pattern.compile("\\{(\\d{1,9})\\+?}$");

        private boolean greeting = true;
        /** The line read next is the rest of a capability line, after a literal. */
        private boolean afterLiteral;
        private boolean listed;

        Session() {
            super("sieve", "STARTTLS");
        }

        @Override
        protected PreludeStep onLine(String line) {
            if (afterLiteral || greeting && (line.startsWith("\"") || line.startsWith("{"))) {
                capabilityLine(line);
                return null;
            }
            String word = responseWord(line);
            String text = line.substring(word.length()).trim();
            word = word.toUpperCase(Locale.ROOT);
            if (!word.equals("OK") && !word.equals("NO") && !word.equals("BYE")) {
                throw mismatch(greeting ? "a capability or OK" : "OK, NO or BYE", line);
            }
            if (!greeting) {
                return word.equals("OK") ? goAhead(word, text) : rejected(word, text);
            }
            greeting = false;
            endGreeting();
            if (!word.equals("OK")) {
                return unavailable(word, text);
            }
            advertised(listed);
            return listed ? send("STARTTLS") : unsupported("STARTTLS not in the capability list");
        }

        private void capabilityLine(String line) {
            if (!afterLiteral) {
                listed |= "STARTTLS".equalsIgnoreCase(leadingQuoted(line));
            }
            Matcher literal = LITERAL_AT_END.matcher(line);
            afterLiteral = literal.find();
            if (afterLiteral) {
                skipLiteral(Long.parseLong(literal.group(1)));
            }
        }

        /**
         * The quoted string that opens {@code line}, as written (escapes kept), or null when the line
         * does not open with a closed one. By hand, not a regex: {@code (?:[^"\\]|\\.)*} recurses
         * once per character in java.util.regex, and a 2 KiB quoted line overflowed the event loop's
         * stack (found by TextDialectsFuzzTest).
         */
        static String leadingQuoted(String line) {
            if (!line.startsWith("\"")) {
                return null;
            }
            for (int i = 1; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"') {
                    return line.substring(1, i);
                }
                if (c == '\\') {
                    i++; // a quoted pair: the next character is taken as it is
                }
            }
            return null;
        }

        /** "OK", "NO", "BYE" end at a space, a response code's "(" or the line's end. */
        private static String responseWord(String line) {
            int end = 0;
            while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != '(') {
                end++;
            }
            return line.substring(0, end);
        }
    }
}
