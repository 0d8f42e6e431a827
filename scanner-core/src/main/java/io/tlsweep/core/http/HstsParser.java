package io.tlsweep.core.http;

import io.tlsweep.core.result.HttpInfo;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * {@code Strict-Transport-Security} (RFC 6797 section 6.1):
 * {@code [ directive ] *( ";" [ directive ] )}, {@code directive = name [ "=" ( token / quoted-string ) ]}.
 *
 * <p>Directive names are case-insensitive. {@code max-age} is delta-seconds, bare or quoted
 * ({@code max-age="31536000"}). A header a browser would ignore (a directive twice, a syntax error,
 * a missing or non-numeric {@code max-age}) gives {@code max_age} null; the two flags still say
 * whether their directive was written, and {@code raw} keeps the header for a human.
 *
 * <pre>{@code
 * HstsParser.parse("max-age=63072000; includeSubDomains; preload")  // 63072000, true, true
 * }</pre>
 */
public final class HstsParser {

    private HstsParser() {
    }

    /** Never throws: malformed input gives a null {@code maxAge}. */
    public static HttpInfo.Hsts parse(String value) {
        String raw = HeaderText.bounded(value);
        if (value == null) {
            return null;
        }
        HeaderLexer in = new HeaderLexer(value);
        Set<String> seen = new HashSet<>();
        boolean malformed = false;
        boolean includeSubDomains = false;
        boolean preload = false;
        Long maxAge = null;
        while (true) {
            in.skipWhitespace();
            String name = in.token();
            if (name != null) {
                String key = name.toLowerCase(Locale.ROOT);
                String arg = null;
                in.skipWhitespace();
                if (in.take('=')) {
                    in.skipWhitespace();
                    arg = in.tokenOrQuoted();
                    if (arg == null) {
                        malformed = true;
                    }
                    in.skipWhitespace();
                }
                if (!seen.add(key)) {
                    malformed = true; // RFC 6797 6.1: every directive at most once
                }
                switch (key) {
                    case "max-age" -> maxAge = arg == null ? null : deltaSeconds(arg);
                    case "includesubdomains" -> includeSubDomains = true;
                    case "preload" -> preload = true;
                    default -> { } // unknown directives are ignored (6.1 rule 2)
                }
            }
            if (in.atEnd()) {
                break;
            }
            if (!in.take(';')) {
                malformed = true;
                in.skipPast(';');
            }
        }
        if (malformed) {
            maxAge = null;
        }
        return new HttpInfo.Hsts(maxAge, includeSubDomains, preload, raw);
    }

    /** 1*DIGIT as a count of seconds, saturating at {@code Long.MAX_VALUE}; null when not digits. */
    static Long deltaSeconds(String s) {
        if (s.isEmpty()) {
            return null;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            int d = c - '0';
            v = v > (Long.MAX_VALUE - d) / 10 ? Long.MAX_VALUE : v * 10 + d;
        }
        return v;
    }
}
