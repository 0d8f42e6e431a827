package io.tlsweep.core.fingerprint;

import io.tlsweep.core.tls.wire.Extension;
import io.tlsweep.core.tls.wire.ServerHello;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.StringJoiner;

/**
 * JA3S, the server half of salesforce's JA3: the string {@code SSLVersion,Cipher,Extensions} in
 * decimal and its MD5 in lowercase hex, as {@code python/ja3s.py} of
 * <a href="https://github.com/salesforce/ja3">salesforce/ja3</a> builds it from a ServerHello:
 * <ul>
 *   <li>SSLVersion is the message's legacy version field ({@code 771} for TLS 1.2 and 1.3 alike:
 *       supported_versions is not consulted);</li>
 *   <li>Cipher is the chosen suite;</li>
 *   <li>Extensions are the extension types dash-joined in the order received, empty when there are
 *       none (the commas stay: {@code 771,49199,}).</li>
 * </ul>
 * GREASE: the reference has a GREASE table but applies it only in {@code convert_to_ja3_segment},
 * which JA3S never calls; its {@code process_extensions} keeps every extension type. So GREASE
 * values are kept here too (a server sending GREASE is itself a distinguishing trait).
 */
public final class Ja3s {

    private Ja3s() {
    }

    /** The JA3S string ({@code ja3s_raw}) of {@code hello}. */
    public static String raw(ServerHello hello) {
        StringJoiner extensions = new StringJoiner("-");
        for (Extension e : hello.extensions()) {
            extensions.add(Integer.toString(e.type()));
        }
        return hello.legacyVersion() + "," + hello.cipherSuite() + "," + extensions;
    }

    /** The MD5 (32 lowercase hex digits) of {@link #raw}. */
    public static String hash(ServerHello hello) {
        return md5Hex(raw(hello));
    }

    static String md5Hex(String s) {
        return HexFormat.of().formatHex(Digests.md5(s.getBytes(StandardCharsets.US_ASCII)));
    }
}
