package io.tlsweep.core.sink;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

import java.util.Locale;

/**
 * JSON escapes that keep every NDJSON record on one line whatever a server put in its
 * certificate or banner. Plain JSON only requires escaping U+0000..U+001F; we also escape
 * DEL, the C1 controls U+0080..U+009F (U+0085 NEL is a line break to many splitters, U+009B is a
 * terminal CSI) and U+2028/U+2029 (line/paragraph separators that JavaScript and
 * {@code String.lines()}-style splitters treat as line ends). Everything else stays literal UTF-8
 * so names in other scripts remain readable.
 */
final class LineSafeEscapes extends CharacterEscapes {

    static final LineSafeEscapes INSTANCE = new LineSafeEscapes();

    private static final long serialVersionUID = 1L;

    private final int[] asciiEscapes;

    /** Escapes for U+0080..U+009F, built once: this runs for every non-ASCII char written. */
    private final SerializableString[] c1Escapes = new SerializableString[0x20];
    private final SerializableString lineSeparator = escape(0x2028);
    private final SerializableString paragraphSeparator = escape(0x2029);

    private LineSafeEscapes() {
        int[] codes = standardAsciiEscapesForJSON();
        codes[0x7F] = ESCAPE_STANDARD;
        this.asciiEscapes = codes;
        for (int i = 0; i < c1Escapes.length; i++) {
            c1Escapes[i] = escape(0x80 + i);
        }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return asciiEscapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        if (ch >= 0x80 && ch <= 0x9F) {
            return c1Escapes[ch - 0x80];
        }
        if (ch == 0x2028) {
            return lineSeparator;
        }
        return ch == 0x2029 ? paragraphSeparator : null;
    }

    /** Upper-case hex, like Jackson's own escapes, so one line never mixes two spellings. */
    private static SerializableString escape(int ch) {
        return new SerializedString(String.format(Locale.ROOT, "\\u%04X", ch));
    }
}
