package io.tlsweep.core.http;

import io.tlsweep.core.result.HttpInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code Alt-Svc} (RFC 7838 section 3): {@code clear}, or a list of
 * {@code protocol-id="[host]:port" *( ";" parameter )}.
 *
 * <p>The protocol id is percent-decoded before it is compared ({@code h%33} is {@code h3}) and must
 * equal {@code h3} exactly: drafts such as {@code h3-29} do not count. {@code h3_port} is the port of
 * the first {@code h3} alternative. A malformed alternative is skipped, as a client would, and the
 * rest of the list still counts; {@code h3_reachable} is left null for the group join to fill.
 *
 * <pre>{@code
 * AltSvcParser.parse("h3=\":443\"; ma=86400, h3-29=\":443\"")   // h3 true, port 443
 * AltSvcParser.parse("clear")                                   // h3 false, port null
 * }</pre>
 */
public final class AltSvcParser {

    private AltSvcParser() {
    }

    /** Never throws: anything unparseable just is not an {@code h3} alternative. */
    public static HttpInfo.AltSvc parse(String value) {
        if (value == null) {
            return null;
        }
        String raw = HeaderText.bounded(value);
        HeaderLexer in = new HeaderLexer(value);
        while (true) {
            in.skipWhitespace();
            Integer port = h3Port(in);
            if (port != null) {
                return new HttpInfo.AltSvc(raw, true, port, null);
            }
            in.skipPast(',');
            if (in.atEnd()) {
                return new HttpInfo.AltSvc(raw, false, null, null);
            }
        }
    }

    /**
     * Reads one list element's alternative; its port when it is a well-formed {@code h3} one, else
     * null. Leaves the cursor inside the element (the caller skips to the next comma); parameters
     * are not needed to answer, but a malformed one makes the whole alternative invalid.
     */
    private static Integer h3Port(HeaderLexer in) {
        String id = in.token();
        if (id == null || !in.take('=')) {
            return null; // an empty element, "clear", or junk
        }
        String authority = in.quoted();
        if (authority == null || !"h3".equals(percentDecode(id))) {
            return null;
        }
        Integer port = port(authority);
        if (port == null) {
            return null;
        }
        // parameters: *( OWS ";" OWS token "=" ( token / quoted-string ) ), then the element ends
        while (true) {
            in.skipWhitespace();
            if (in.atEnd() || in.peek() == ',') {
                return port;
            }
            if (!in.take(';')) {
                return null;
            }
            in.skipWhitespace();
            if (in.token() == null || !in.take('=') || in.tokenOrQuoted() == null) {
                return null;
            }
        }
    }

    /** The port of {@code [uri-host] ":" port}, or null when there is none in range. */
    static Integer port(String authority) {
        int colon = authority.lastIndexOf(':');
        if (colon < 0) {
            return null;
        }
        String digits = authority.substring(colon + 1);
        if (digits.isEmpty() || digits.length() > 5) {
            return null;
        }
        int p = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            p = p * 10 + (c - '0');
        }
        String host = authority.substring(0, colon);
        if (host.startsWith("[") != host.endsWith("]") || host.indexOf(':') >= 0 && !host.startsWith("[")) {
            return null; // an IPv6 host must be bracketed
        }
        return p >= 1 && p <= 65535 ? p : null;
    }

    /** RFC 7838 3.0: the ALPN id with %XX escapes resolved; null on a broken escape. */
    static String percentDecode(String id) {
        if (id.indexOf('%') < 0) {
            return id;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(id.length());
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (i + 2 >= id.length()) {
                return null;
            }
            int hi = Character.digit(id.charAt(i + 1), 16);
            int lo = Character.digit(id.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out.write(hi << 4 | lo);
            i += 2;
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
