package io.tlsweep.core.fingerprint;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns the first bytes a server sent back to one JARM hello into the reference implementation's
 * answer string {@code cipher|version|alpn|extension-types}, or {@code |||} for no ServerHello.
 *
 * <p>This is deliberately NOT our {@link io.tlsweep.core.tls.wire.ServerHelloParser}: the reference
 * (salesforce/jarm {@code read_packet}/{@code extract_extension_info}) reads fixed offsets of the
 * first {@link #REFERENCE_READ} bytes of one {@code recv}, and its answers for odd input are part of
 * the fingerprint. It reads the version from the ServerHello's legacy version field (never from
 * supported_versions), assumes the handshake message starts the record, walks extensions with its
 * own off-by-one bound, and gives up on the whole answer ({@code |||}) where Python would raise.
 * Every such rule below is the reference's, with Python's clamped slices made explicit.
 */
public final class JarmAnswer {

    /** The reference reads one {@code recv(1484)}; bytes past this never count. */
    public static final int REFERENCE_READ = 1484;
    /** The answer for a failed probe (no data, an alert, anything but a ServerHello). */
    public static final String FAILED = "|||";

    private static final HexFormat HEX = HexFormat.of();

    /** Where the reference's Python would raise a ValueError/AttributeError/UnicodeError: whole answer fails. */
    private static final class GiveUp extends Exception {
        GiveUp() {
            super(null, null, false, false);
        }
    }

    private JarmAnswer() {
    }

    /** The answer for {@code data} (what the server sent; only the first {@link #REFERENCE_READ} bytes count). */
    public static String of(byte[] data) {
        if (data == null) {
            return FAILED;
        }
        byte[] d = data.length > REFERENCE_READ ? Arrays.copyOf(data, REFERENCE_READ) : data;
        if (d.length == 0 || d[0] == 21) {
            return FAILED;
        }
        if (d[0] != 22 || d.length < 6 || d[5] != 2 || d.length < 44) {
            return FAILED;
        }
        int counter = d[43] & 0xff; // the session id length
        String cipher = HEX.formatHex(slice(d, counter + 44, counter + 46));
        String version = HEX.formatHex(slice(d, 9, 11));
        try {
            return cipher + "|" + version + "|" + extensionInfo(d, counter);
        } catch (GiveUp e) {
            return FAILED;
        }
    }

    private static String extensionInfo(byte[] d, int counter) throws GiveUp {
        if (counter + 47 >= d.length) {
            return FAILED; // the reference catches this IndexError itself
        }
        if ((d[counter + 47] & 0xff) == 11) {
            return FAILED;
        }
        if (Arrays.equals(slice(d, counter + 50, counter + 53), new byte[] {0x0e, (byte) 0xac, 0x0b})
                || Arrays.equals(slice(d, 82, 85), new byte[] {0x0f, (byte) 0xf0, 0x0b})) {
            return FAILED;
        }
        int count = 49 + counter;
        int length = number(slice(d, counter + 47, counter + 49));
        int maximum = length + (count - 1);
        List<byte[]> types = new ArrayList<>();
        List<byte[]> values = new ArrayList<>(); // null: the reference's "" for an empty extension
        while (count < maximum) {
            types.add(slice(d, count, count + 2));
            int extLength = number(slice(d, count + 2, count + 4));
            if (extLength == 0) {
                count += 4;
                values.add(null);
            } else {
                values.add(slice(d, count + 4, count + 4 + extLength));
                count += extLength + 4;
            }
        }
        StringBuilder result = new StringBuilder(alpn(types, values)).append('|');
        for (int i = 0; i < types.size(); i++) {
            if (i > 0) {
                result.append('-');
            }
            result.append(HEX.formatHex(types.get(i)));
        }
        return result.toString();
    }

    /** The selected protocol as the reference reads it: the ALPN value from its 4th byte, as UTF-8. */
    private static String alpn(List<byte[]> types, List<byte[]> values) throws GiveUp {
        for (int i = 0; i < types.size(); i++) {
            if (Arrays.equals(types.get(i), new byte[] {0x00, 0x10})) {
                byte[] value = values.get(i);
                if (value == null) {
                    throw new GiveUp(); // Python: str has no decode()
                }
                byte[] tail = value.length > 3 ? Arrays.copyOfRange(value, 3, value.length) : new byte[0];
                try {
                    return StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(tail)).toString();
                } catch (CharacterCodingException e) {
                    throw new GiveUp();
                }
            }
        }
        return "";
    }

    /** Python's {@code int(hex(b), 16)}: an empty slice raises. */
    private static int number(byte[] b) throws GiveUp {
        if (b.length == 0) {
            throw new GiveUp();
        }
        int v = 0;
        for (byte x : b) {
            v = v << 8 | (x & 0xff);
        }
        return v;
    }

    /** Python's {@code data[from:to]} for non-negative bounds: clamped, never raising. */
    private static byte[] slice(byte[] d, int from, int to) {
        int a = Math.min(from, d.length);
        int b = Math.max(a, Math.min(to, d.length));
        return Arrays.copyOfRange(d, a, b);
    }
}
