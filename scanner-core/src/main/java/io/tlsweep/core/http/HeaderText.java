package io.tlsweep.core.http;

import io.tlsweep.core.sink.NdjsonWriter;
import java.nio.charset.StandardCharsets;

/**
 * The bound and escaping every response header value gets before it reaches a record: the peer
 * chooses these bytes, so they are cut and rendered like {@code first_bytes} and prelude banners.
 */
public final class HeaderText {

    /** Most bytes of one header value kept in the record (before escaping). */
    public static final int MAX_VALUE_BYTES = 512;

    private HeaderText() {
    }

    /**
     * {@code value} as it may appear in a record: its bytes (header values are octets; both codecs
     * hand them over one char per byte) escaped, at most {@link #MAX_VALUE_BYTES} of them. Null
     * stays null.
     */
    public static String bounded(CharSequence value) {
        if (value == null) {
            return null;
        }
        int n = Math.min(value.length(), MAX_VALUE_BYTES);
        byte[] b = value.subSequence(0, n).toString().getBytes(StandardCharsets.ISO_8859_1);
        return NdjsonWriter.escapeBytes(b, MAX_VALUE_BYTES);
    }
}
