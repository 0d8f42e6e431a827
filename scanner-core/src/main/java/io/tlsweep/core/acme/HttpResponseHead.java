package io.tlsweep.core.acme;

import java.nio.charset.StandardCharsets;

/**
 * The head of an HTTP/1.x response, as far as ACME readiness needs it: the status code and the
 * first {@code Location} header. The body is never read.
 *
 * <p>{@link #parse} is called again with the whole buffer each time bytes arrive (the head is at
 * most {@link #MAX_BYTES}, so re-scanning costs nothing worth a state machine). It decides as early
 * as it can: five bytes that are not {@code HTTP/} are "not HTTP" at once, and a malformed status
 * line fails as soon as its line ends.
 *
 * @param status   the status code (100..999)
 * @param location the first {@code Location} value, trimmed, bytes as ISO-8859-1; null when absent
 * @param length   bytes of the head, including the blank line that ends it
 */
public record HttpResponseHead(int status, String location, int length) {

    /**
     * Most bytes of a response head we read (16 KiB): far above real heads (a few hundred bytes), and
     * the bound on what an endless header costs a probe.
     */
    public static final int MAX_BYTES = 16 * 1024;

    private static final byte[] PREFIX = "HTTP/".getBytes(StandardCharsets.US_ASCII);

    /** Whether the response is a redirect a CA follows: 301, 302, 303, 307 or 308 with a Location. */
    public boolean isRedirect() {
        return location != null && !location.isEmpty()
                && (status == 301 || status == 302 || status == 303 || status == 307 || status == 308);
    }

    /**
     * Parses the first {@code length} bytes of {@code buf}.
     *
     * @return the head, or null when it is not complete yet (and may still become one)
     * @throws HttpHeadException when it cannot become an HTTP response head, or is larger than
     *                           {@link #MAX_BYTES} without ending
     */
    public static HttpResponseHead parse(byte[] buf, int length) throws HttpHeadException {
        int len = Math.min(length, buf.length);
        for (int i = 0; i < Math.min(len, PREFIX.length); i++) {
            if (buf[i] != PREFIX[i]) {
                throw new HttpHeadException("not an HTTP response");
            }
        }
        int firstEol = indexOf(buf, 0, len, (byte) '\n');
        if (firstEol < 0) {
            return tooLargeOrMore(len);
        }
        int status = statusLine(buf, 0, lineEnd(buf, 0, firstEol));
        // Find the blank line that ends the head: "\n\n" or "\n\r\n".
        int end = -1;
        for (int eol = firstEol; eol >= 0; eol = indexOf(buf, eol + 1, len, (byte) '\n')) {
            int next = eol + 1;
            if (next < len && buf[next] == '\n') {
                end = next + 1;
                break;
            }
            if (next + 1 < len && buf[next] == '\r' && buf[next + 1] == '\n') {
                end = next + 2;
                break;
            }
        }
        if (end < 0) {
            return tooLargeOrMore(len);
        }
        String location = null;
        int start = firstEol + 1;
        while (start < end) {
            int eol = indexOf(buf, start, end, (byte) '\n');
            int stop = lineEnd(buf, start, eol);
            if (stop == start) {
                break; // the blank line
            }
            if (buf[start] == ' ' || buf[start] == '\t') {
                start = eol + 1; // obsolete line folding: a continuation of the previous value
                continue;
            }
            int colon = indexOf(buf, start, stop, (byte) ':');
            if (colon <= start || !isToken(buf, start, colon)) {
                throw new HttpHeadException("malformed header line in the HTTP response");
            }
            if (location == null && equalsIgnoreCase(buf, start, colon, "location")) {
                location = new String(buf, colon + 1, stop - colon - 1, StandardCharsets.ISO_8859_1).strip();
            }
            start = eol + 1;
        }
        return new HttpResponseHead(status, location, end);
    }

    private static HttpResponseHead tooLargeOrMore(int len) throws HttpHeadException {
        if (len >= MAX_BYTES) {
            throw new HttpHeadException("HTTP response head larger than " + MAX_BYTES + " bytes");
        }
        return null;
    }

    /** {@code HTTP/1.1 404 Not Found}: a version of one digit (and an optional .digit), a space, three digits. */
    private static int statusLine(byte[] b, int from, int to) throws HttpHeadException {
        int i = from + PREFIX.length;
        boolean ok = i < to && isDigit(b[i++]);
        if (ok && i < to && b[i] == '.') {
            i++;
            ok = i < to && isDigit(b[i++]);
        }
        ok = ok && i < to && b[i++] == ' ';
        if (!ok || i + 3 > to || !isDigit(b[i]) || !isDigit(b[i + 1]) || !isDigit(b[i + 2])
                || (i + 3 < to && b[i + 3] != ' ') || b[i] == '0') {
            throw new HttpHeadException("malformed HTTP status line");
        }
        return (b[i] - '0') * 100 + (b[i + 1] - '0') * 10 + (b[i + 2] - '0');
    }

    /** The end of the line that {@code eol} terminates, without its CR. */
    private static int lineEnd(byte[] b, int start, int eol) {
        return eol > start && b[eol - 1] == '\r' ? eol - 1 : eol;
    }

    private static int indexOf(byte[] b, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** RFC 9110 token characters: a header name. */
    private static boolean isToken(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xff;
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalsIgnoreCase(byte[] b, int from, int to, String name) {
        if (to - from != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.toLowerCase((char) (b[from + i] & 0xff)) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
