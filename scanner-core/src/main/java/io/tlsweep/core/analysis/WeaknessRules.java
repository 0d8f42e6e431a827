package io.tlsweep.core.analysis;

import io.tlsweep.core.result.CertificateInfo;
import java.util.Map;

/**
 * Thresholds for weak keys and weak signatures, after NIST SP 800-57 / SP 800-131A and the CA/B
 * Forum Baseline Requirements: below 112-bit security is weak.
 */
final class WeaknessRules {

    static final int MIN_RSA_DSA_BITS = 2048;
    static final int MIN_EC_BITS = 224;

    /** Signature OIDs whose hash is broken for certificates (collisions are practical or near). */
    private static final Map<String, String> WEAK_SIGNATURE_OIDS = Map.of(
            "1.2.840.113549.1.1.2", "MD2withRSA",
            "1.2.840.113549.1.1.4", "MD5withRSA",
            "1.2.840.113549.1.1.5", "SHA1withRSA",
            "1.3.14.3.2.29", "SHA1withRSA",
            "1.2.840.10045.4.1", "SHA1withECDSA",
            "1.2.840.10040.4.3", "SHA1withDSA");

    private WeaknessRules() {
    }

    /** A one-line reason when the key is weak, else null. Unknown key types and sizes are not judged. */
    static String weakKey(CertificateInfo info) {
        String algorithm = info.keyAlgorithm();
        int bits = info.keySize();
        if (bits <= 0) {
            return null;
        }
        boolean rsaLike = "RSA".equals(algorithm) || "RSASSA-PSS".equals(algorithm) || "DSA".equals(algorithm);
        if (rsaLike && bits < MIN_RSA_DSA_BITS) {
            return algorithm + " " + bits + "-bit key (minimum " + MIN_RSA_DSA_BITS + ")";
        }
        if ("EC".equals(algorithm) && bits < MIN_EC_BITS) {
            return "EC " + bits + "-bit key (minimum " + MIN_EC_BITS + ")";
        }
        return null;
    }

    /** The weak signature's name when {@code sigAlgOid} is MD2/MD5/SHA-1 based, else null. */
    static String weakSignature(String sigAlgOid) {
        return sigAlgOid == null ? null : WEAK_SIGNATURE_OIDS.get(sigAlgOid);
    }
}
