package io.tlsweep.protocols;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.tlsweep.core.sink.NdjsonWriter;

/**
 * The bounds every dialect applies to what a server says before TLS: a hostile peer chooses these
 * bytes, and they end up in every record, so they are escaped and cut the same way everywhere.
 */
public final class PreludeText {

    /** Most characters of {@code reply_text} (docs/schema.md). */
    public static final int MAX_REPLY_TEXT = 256;
    /** Most bytes of a greeting kept in {@code banner}, before escaping. */
    public static final int MAX_BANNER_BYTES = 512;

    private PreludeText() {
    }

    /**
     * Most bytes of a peer-chosen {@code reply_code} (PostgreSQL's SQLSTATE field), before escaping:
     * real codes have 5 characters, and a code is not a place for a hostile server's 8 KiB.
     */
    public static final int MAX_REPLY_CODE_BYTES = 16;

    /** A code the peer chose, as {@code reply_code}: escaped like a banner, at most {@link #MAX_REPLY_CODE_BYTES} bytes of it. */
    public static String code(String code) {
        return code == null ? null
                : NdjsonWriter.escapeBytes(code.getBytes(java.nio.charset.StandardCharsets.UTF_8), MAX_REPLY_CODE_BYTES);
    }

    /** A greeting as {@code banner}: escaped like {@code first_bytes}, at most {@link #MAX_BANNER_BYTES} bytes of it. */
    public static String banner(byte[] greeting) {
        return NdjsonWriter.escapeBytes(greeting, MAX_BANNER_BYTES);
    }

    /** How many unread bytes {@link #peek} shows: enough to recognise "SSH-2.0-" or "HTTP/1.1 400". */
    public static final int PEEK_BYTES = 24;

    /** The first unread bytes of {@code in}, escaped, for an error that says what came instead. */
    public static String peek(ByteBuf in) {
        int n = Math.min(in.readableBytes(), PEEK_BYTES);
        return NdjsonWriter.escapeBytes(ByteBufUtil.getBytes(in, in.readerIndex(), n), n);
    }

    /** {@code text} cut to {@link #MAX_REPLY_TEXT} characters; null stays null. */
    public static String cut(String text) {
        if (text == null || text.length() <= MAX_REPLY_TEXT) {
            return text;
        }
        return text.substring(0, MAX_REPLY_TEXT);
    }
}
