package io.tlsweep.core.http;

/**
 * A cursor over one header value with the RFC 9110 building blocks the header parsers share:
 * optional whitespace, tokens and quoted strings. Methods return null (and leave the cursor where
 * the bad character is) instead of throwing, so a parser decides what "malformed" means.
 */
final class HeaderLexer {

    private final String s;
    private int pos;

    HeaderLexer(String s) {
        this.s = s;
    }

    boolean atEnd() {
        return pos >= s.length();
    }

    /** The next character without consuming it, or -1 at the end. */
    int peek() {
        return atEnd() ? -1 : s.charAt(pos);
    }

    /** Consumes {@code c} if it is next. */
    boolean take(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** OWS: spaces and horizontal tabs. */
    void skipWhitespace() {
        while (peek() == ' ' || peek() == '\t') {
            pos++;
        }
    }

    /** A token (1*tchar), or null when none starts here. */
    String token() {
        int start = pos;
        while (!atEnd() && isTchar(s.charAt(pos))) {
            pos++;
        }
        return pos == start ? null : s.substring(start, pos);
    }

    /**
     * A quoted-string's content with its quoted-pairs resolved, or null when no quoted string starts
     * here or it is not closed (or holds a control character).
     */
    String quoted() {
        if (peek() != '"') {
            return null;
        }
        int start = pos;
        pos++;
        StringBuilder out = new StringBuilder();
        while (!atEnd()) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                if (atEnd()) {
                    break;
                }
                c = s.charAt(pos++);
                if (!isQuotedPairChar(c)) {
                    break;
                }
            } else if (!isQdtext(c)) {
                break;
            }
            out.append(c);
        }
        pos = start;
        return null;
    }

    /** A token or a quoted string, whichever starts here; null when neither. */
    String tokenOrQuoted() {
        return peek() == '"' ? quoted() : token();
    }

    /**
     * Skips to just past the next {@code separator} outside a quoted string (or to the end), for
     * recovery after a malformed list element.
     */
    void skipPast(char separator) {
        boolean inQuotes = false;
        while (!atEnd()) {
            char c = s.charAt(pos++);
            if (inQuotes && c == '\\' && !atEnd()) {
                pos++;
            } else if (c == '"') {
                inQuotes = !inQuotes;
            } else if (c == separator && !inQuotes) {
                return;
            }
        }
    }

    static boolean isTchar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static boolean isQdtext(char c) {
        return c == '\t' || c == ' ' || c == 0x21 || c >= 0x23 && c <= 0x5B || c >= 0x5D && c <= 0x7E
                || c >= 0x80 && c <= 0xFF;
    }

    private static boolean isQuotedPairChar(char c) {
        return c == '\t' || c >= 0x20 && c <= 0x7E || c >= 0x80 && c <= 0xFF;
    }
}
