package io.tlsweep.core.fingerprint;

import io.tlsweep.core.tls.wire.Extension;
import io.tlsweep.core.tls.wire.ExtensionTypes;
import io.tlsweep.core.tls.wire.ServerHello;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.StringJoiner;

/**
 * FoxIO's JA4S of a ServerHello over TCP, as defined in
 * <a href="https://github.com/FoxIO-LLC/ja4/blob/main/technical_details/JA4S.md">technical_details/JA4S.md</a>
 * and implemented by {@code to_ja4s} in {@code python/ja4.py} (with {@code TLS_MAPPER} and
 * {@code sha_encode} of {@code python/common.py}) of FoxIO-LLC/ja4:
 * <pre>
 *   t 13 02 h2 _ 1301 _ 234ea6891581
 *   | |  |  |    |      first 12 hex of SHA-256 of the extension types as 4 lowercase hex digits,
 *   | |  |  |    |      comma-joined in the order received (GREASE kept); 000000000000 when none
 *   | |  |  |    the chosen cipher suite, 4 lowercase hex digits
 *   | |  |  ALPN chosen: first and last character ("h2", "h1" for http/1.1); "00" when absent;
 *   | |  |  "99" when its first character is not ASCII (as the python reference)
 *   | |  number of extensions, 2 decimal digits, capped at 99
 *   | version: supported_versions when present, else the legacy field: 13, 12, 11, 10, s3, else 00
 *   t: TLS over TCP (QUIC would be q; this scanner does not see QUIC's ServerHello)
 * </pre>
 * The reference example (extensions 0005,0017,ff01,0000, cipher c030, TLS 1.2, no ALPN) is
 * {@code t120400_c030_4e8089b08790}; {@code Ja4sTest} checks it.
 */
public final class Ja4s {

    private Ja4s() {
    }

    /** The JA4S fingerprint of {@code hello}, received over TCP. */
    public static String of(ServerHello hello) {
        String types = extensionTypes(hello);
        int count = Math.min(hello.extensions().size(), 99);
        String extensionsHash = hello.extensions().isEmpty() ? "000000000000" : sha256Hex(types).substring(0, 12);
        // No String.format: its Formatter costs about a microsecond a call, on every handshake.
        return "t" + version(hello.negotiatedVersion()) + (count < 10 ? "0" : "") + count + alpn(hello)
                + "_" + hex4(hello.cipherSuite()) + "_" + extensionsHash;
    }

    /** The raw form ({@code JA4S_r}): the extension types listed instead of hashed. */
    public static String raw(ServerHello hello) {
        String full = of(hello);
        return full.substring(0, full.lastIndexOf('_') + 1) + extensionTypes(hello);
    }

    /** The extension types as 4 lower-case hex digits each, comma-joined, in the order received. */
    private static String extensionTypes(ServerHello hello) {
        StringJoiner types = new StringJoiner(",");
        for (Extension e : hello.extensions()) {
            types.add(hex4(e.type()));
        }
        return types.toString();
    }

    /** {@code value} (0..65535) as exactly 4 lower-case hex digits, as {@code %04x}. */
    static String hex4(int value) {
        return HexFormat.of().toHexDigits((short) value);
    }

    static String version(int version) {
        return switch (version) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            case 0x0302 -> "11";
            case 0x0301 -> "10";
            case 0x0300 -> "s3";
            case 0x0002 -> "s2"; // SSL 2 never reaches a ServerHello parser; kept for the reference's table
            default -> "00";
        };
    }

    /**
     * The ALPN part. The python reference takes the protocol's first and last character when it is
     * longer than 2, else the protocol as is; a 1-character protocol is doubled here so the field
     * keeps its width (the reference would print one character).
     */
    static String alpn(ServerHello hello) {
        Extension e = hello.extension(ExtensionTypes.ALPN);
        if (e == null) {
            return "00";
        }
        byte[] d = e.data();
        // ProtocolNameList: u16 list length, then u8 length + name; the server names exactly one.
        if (d.length < 4 || (d[2] & 0xff) == 0 || 3 + (d[2] & 0xff) > d.length) {
            return "00";
        }
        int n = d[2] & 0xff;
        int first = d[3] & 0xff;
        int last = d[3 + n - 1] & 0xff;
        if (first > 127) {
            return "99";
        }
        return new String(new byte[] {(byte) first, (byte) last}, StandardCharsets.ISO_8859_1);
    }

    static String sha256Hex(String s) {
        return HexFormat.of().formatHex(Digests.sha256(s.getBytes(StandardCharsets.US_ASCII)));
    }
}
