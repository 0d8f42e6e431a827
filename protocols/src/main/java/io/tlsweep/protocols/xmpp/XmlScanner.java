package io.tlsweep.protocols.xmpp;

import io.netty.buffer.ByteBuf;
import io.tlsweep.core.prelude.PreludeProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A bounded tokenizer for the few XML shapes an XMPP server sends before TLS: start tags (with
 * attributes), end tags, character data and the XML declaration. Not an XML parser, on purpose: it
 * has no DTDs, entities beyond the five predefined ones, or namespaces beyond reading {@code xmlns}
 * attributes, so a hostile peer has nothing to expand; and every token must complete within
 * {@link #MAX_TOKEN} bytes. RFC 6120 section 11.1 forbids comments, processing instructions and DTDs
 * in a stream, so {@code <!} is refused outright.
 */
final class XmlScanner {

    /** Longest tag or run of text: a stream header is ~250 bytes, a long SASL mechanism list under 1 KiB. */
    static final int MAX_TOKEN = 4096;

    enum Kind { DECLARATION, START, END, TEXT }

    /**
     * One token. {@code name} is the qualified name of a tag; {@code text} the decoded character
     * data; {@code raw} the bytes as received (kept for the banner).
     */
    record Token(Kind kind, String name, Map<String, String> attributes, boolean selfClosing, String text,
                 byte[] raw) {

        String localName() {
            int colon = name.indexOf(':');
            return colon < 0 ? name : name.substring(colon + 1);
        }

        String prefix() {
            int colon = name.indexOf(':');
            return colon < 0 ? "" : name.substring(0, colon);
        }

        /** Whether this tag declares {@code namespace}, as its default or for a prefix. */
        boolean declares(String namespace) {
            for (Map.Entry<String, String> a : attributes.entrySet()) {
                if ((a.getKey().equals("xmlns") || a.getKey().startsWith("xmlns:")) && a.getValue().equals(namespace)) {
                    return true;
                }
            }
            return false;
        }
    }

    private XmlScanner() {
    }

    /**
     * Takes the next token off {@code in}, or returns null and consumes nothing when it has not
     * fully arrived.
     *
     * @throws PreludeProtocolException for markup that is not well-formed or not allowed in XMPP
     */
    static Token next(ByteBuf in) {
        int start = in.readerIndex();
        int limit = in.writerIndex();
        if (start >= limit) {
            return null;
        }
        if (in.getByte(start) != '<') {
            int lt = in.indexOf(start, limit, (byte) '<');
            if (lt < 0) {
                tooLong(limit - start);
                return null;
            }
            tooLong(lt - start);
            return take(in, lt, new Token(Kind.TEXT, null, Map.of(), false,
                    unescape(in.toString(start, lt - start, StandardCharsets.UTF_8)), null));
        }
        if (start + 2 > limit) {
            return null;
        }
        byte second = in.getByte(start + 1);
        if (second == '!') {
            throw new PreludeProtocolException("XML comment, CDATA or DTD (XMPP forbids them)");
        }
        if (second == '?') {
            int end = indexOf(in, start + 2, limit, "?>");
            if (end < 0) {
                tooLong(limit - start);
                return null;
            }
            return take(in, end + 2, new Token(Kind.DECLARATION, null, Map.of(), false, null, null));
        }
        if (second == '/') {
            int gt = in.indexOf(start + 2, limit, (byte) '>');
            if (gt < 0) {
                tooLong(limit - start);
                return null;
            }
            String name = in.toString(start + 2, gt - start - 2, StandardCharsets.ISO_8859_1).strip();
            checkName(name);
            return take(in, gt + 1, new Token(Kind.END, name, Map.of(), false, null, null));
        }
        return startTag(in, start, limit);
    }

    private static Token startTag(ByteBuf in, int start, int limit) {
        int pos = start + 1;
        int nameEnd = pos;
        while (nameEnd < limit && isNameChar(in.getByte(nameEnd))) {
            nameEnd++;
        }
        String name = in.toString(pos, nameEnd - pos, StandardCharsets.ISO_8859_1);
        Map<String, String> attributes = new HashMap<>();
        pos = nameEnd;
        while (true) {
            pos = skipSpace(in, pos, limit);
            if (pos >= limit) {
                tooLong(limit - start);
                return null;
            }
            byte b = in.getByte(pos);
            if (b == '>' || b == '/') {
                checkName(name);
                boolean selfClosing = b == '/';
                if (selfClosing) {
                    if (pos + 1 >= limit) {
                        return null;
                    }
                    if (in.getByte(pos + 1) != '>') {
                        throw new PreludeProtocolException("XML: '/' inside a tag not followed by '>'");
                    }
                    pos++;
                }
                return take(in, pos + 1, new Token(Kind.START, name, Map.copyOf(attributes), selfClosing, null, null));
            }
            int attrStart = pos;
            while (pos < limit && isNameChar(in.getByte(pos))) {
                pos++;
            }
            String attr = in.toString(attrStart, pos - attrStart, StandardCharsets.ISO_8859_1);
            pos = skipSpace(in, pos, limit);
            if (pos + 1 >= limit) {
                tooLong(limit - start);
                return null;
            }
            checkName(attr);
            if (in.getByte(pos) != '=') {
                throw new PreludeProtocolException("XML: attribute " + attr + " without '='");
            }
            pos = skipSpace(in, pos + 1, limit);
            if (pos >= limit) {
                tooLong(limit - start);
                return null;
            }
            byte quote = in.getByte(pos);
            if (quote != '\'' && quote != '"') {
                throw new PreludeProtocolException("XML: attribute " + attr + " value not quoted");
            }
            int close = in.indexOf(pos + 1, limit, quote);
            if (close < 0) {
                tooLong(limit - start);
                return null;
            }
            String value = in.toString(pos + 1, close - pos - 1, StandardCharsets.UTF_8);
            if (value.indexOf('<') >= 0) {
                throw new PreludeProtocolException("XML: '<' in an attribute value");
            }
            if (attributes.size() >= 64) {
                throw new PreludeProtocolException("XML: more than 64 attributes on one tag");
            }
            attributes.put(attr, unescape(value));
            pos = close + 1;
            tooLong(pos - start);
        }
    }

    /** Consumes through {@code end} (exclusive) and returns {@code t} with its raw bytes. */
    private static Token take(ByteBuf in, int end, Token t) {
        int start = in.readerIndex();
        tooLong(end - start);
        byte[] raw = new byte[end - start];
        in.readBytes(raw);
        return new Token(t.kind(), t.name(), t.attributes(), t.selfClosing(), t.text(), raw);
    }

    private static void tooLong(int length) {
        if (length > MAX_TOKEN) {
            throw new PreludeProtocolException("XML token longer than " + MAX_TOKEN + " bytes");
        }
    }

    private static void checkName(String name) {
        if (name.isEmpty() || name.indexOf('<') >= 0 || name.indexOf(' ') >= 0) {
            throw new PreludeProtocolException("XML: malformed name \"" + name + "\"");
        }
    }

    private static boolean isNameChar(byte b) {
        return b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != '/' && b != '>' && b != '=' && b != '<'
                && b != '\'' && b != '"';
    }

    private static int skipSpace(ByteBuf in, int pos, int limit) {
        while (pos < limit && isSpace(in.getByte(pos))) {
            pos++;
        }
        return pos;
    }

    static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static int indexOf(ByteBuf in, int from, int limit, String needle) {
        for (int i = from; i + needle.length() <= limit; i++) {
            boolean match = true;
            for (int j = 0; j < needle.length() && match; j++) {
                match = in.getByte(i + j) == needle.charAt(j);
            }
            if (match) {
                return i;
            }
        }
        return -1;
    }

    /** The five predefined entities; character references and anything else are left as written. */
    private static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }
}
