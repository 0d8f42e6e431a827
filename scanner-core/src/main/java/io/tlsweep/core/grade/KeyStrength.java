package io.tlsweep.core.grade;

import io.tlsweep.core.result.CertificateInfo;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key strengths in RSA-equivalent bits, so the guide's key-exchange table (written for RSA and DH
 * sizes) can score EC keys and groups too. Equivalences after NIST SP 800-57 part 1, table 2:
 * EC 160 = RSA 1024, EC 224 = 2048, EC 256 = 3072, EC 384 = 7680, EC 512 = 15360.
 */
final class KeyStrength {

    /** Named groups by IANA name (lower case). Hybrid PQ groups count their classical half. */
    private static final Map<String, Integer> GROUPS = Map.ofEntries(
            Map.entry("x25519", 3072),
            Map.entry("x448", 7680),
            Map.entry("x25519mlkem768", 3072),
            Map.entry("secp256r1mlkem768", 3072),
            Map.entry("secp384r1mlkem1024", 7680),
            Map.entry("ffdhe2048", 2048),
            Map.entry("ffdhe3072", 3072),
            Map.entry("ffdhe4096", 4096),
            Map.entry("ffdhe6144", 6144),
            Map.entry("ffdhe8192", 8192));

    /** A curve named by its field size: secp224r1, sect571k1, brainpoolP512r1, brainpoolP256r1tls13. */
    private static final Pattern CURVE = Pattern.compile("(?:secp|sect|brainpoolp)(\\d{3})[a-z0-9]*");

    private KeyStrength() {
    }

    /** RSA-equivalent bits of an EC key or curve with a field of {@code fieldBits} bits. */
    static int ecEquivalent(int fieldBits) {
        if (fieldBits >= 512) {
            return 15360;
        }
        if (fieldBits >= 384) {
            return 7680;
        }
        if (fieldBits >= 256) {
            return 3072;
        }
        if (fieldBits >= 224) {
            return 2048;
        }
        if (fieldBits >= 160) {
            return 1024;
        }
        return 512;
    }

    /** The certificate key's RSA-equivalent bits, or null when its size is unknown. */
    static Integer certificate(CertificateInfo leaf) {
        if (leaf == null || leaf.keySize() <= 0) {
            return null;
        }
        String algorithm = leaf.keyAlgorithm() == null ? "" : leaf.keyAlgorithm();
        return switch (algorithm) {
            case "EC" -> ecEquivalent(leaf.keySize());
            case "Ed25519" -> 3072;
            case "Ed448" -> 7680;
            default -> leaf.keySize();
        };
    }

    /**
     * A named group's RSA-equivalent bits, or null for a name this rubric does not know. Curves
     * not in the table are sized from the digits in their name (secp224r1, brainpoolP512r1, sect571r1).
     */
    static Integer group(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        Integer known = GROUPS.get(key);
        if (known != null) {
            return known;
        }
        Matcher m = CURVE.matcher(key);
        if (m.matches()) {
            return ecEquivalent(Integer.parseInt(m.group(1)));
        }
        return null;
    }
}
