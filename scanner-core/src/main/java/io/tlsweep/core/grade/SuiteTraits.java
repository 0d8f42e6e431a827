package io.tlsweep.core.grade;

import java.util.List;
import java.util.Locale;

/**
 * What a cipher suite's IANA name says about its strength: the key exchange and the cipher's key
 * length. Read from the name because the enumeration reports suites by name, and the registry's
 * names are regular ({@code TLS_<kex>_WITH_<cipher>_<mac>}; TLS 1.3: {@code TLS_<cipher>_<hash>}).
 */
final class SuiteTraits {

    /** How the suite agrees on keys. */
    enum Kex {
        /** TLS 1.3: ephemeral (EC)DHE over a negotiated group, signed by the certificate key. */
        TLS13,
        /** Ephemeral ECDH signed by the certificate key. */
        ECDHE,
        /** Ephemeral finite-field DH signed by the certificate key. */
        DHE,
        /** RSA key transport, or static (EC)DH from the certificate: as strong as the certificate key. */
        CERTIFICATE,
        /** Export-grade: a 512-bit temporary RSA or DH key. */
        EXPORT_512,
        /** Export-grade with a 1024-bit temporary key ({@code EXPORT1024}). */
        EXPORT_1024,
        /** No server authentication at all (DH_anon, ECDH_anon, NULL_WITH_NULL). */
        ANONYMOUS,
        /** PSK, SRP, Kerberos …: nothing this rubric can measure. */
        UNKNOWN
    }

    private SuiteTraits() {
    }

    static Kex kex(String suite) {
        String name = suite.toUpperCase(Locale.ROOT);
        int with = name.indexOf("_WITH_");
        if (with < 0) {
            return name.startsWith("TLS_") ? Kex.TLS13 : Kex.UNKNOWN;
        }
        int start = name.indexOf('_') + 1;
        String kex = start <= with ? name.substring(start, with) : "";
        if (kex.contains("ANON") || kex.equals("NULL")) {
            return Kex.ANONYMOUS;
        }
        if (kex.contains("EXPORT1024")) {
            return Kex.EXPORT_1024;
        }
        if (kex.contains("EXPORT")) {
            return Kex.EXPORT_512;
        }
        if (kex.contains("PSK") || kex.contains("SRP") || kex.contains("KRB5") || kex.contains("GOST")) {
            return Kex.UNKNOWN;
        }
        if (kex.startsWith("ECDHE_")) {
            return Kex.ECDHE;
        }
        if (kex.startsWith("DHE_")) {
            return Kex.DHE;
        }
        if (kex.equals("RSA") || kex.startsWith("ECDH_") || kex.startsWith("DH_")) {
            return Kex.CERTIFICATE;
        }
        return Kex.UNKNOWN;
    }

    /** True for TLS 1.3 suites and ephemeral (EC)DHE ones (not the anonymous kind). */
    static boolean forwardSecret(String suite) {
        Kex k = kex(suite);
        return k == Kex.TLS13 || k == Kex.ECDHE || k == Kex.DHE;
    }

    /**
     * The cipher's key length in bits as the SSL Labs guide counts it (3DES: 168), 0 for NULL,
     * or null when the name says nothing this rubric knows (GOST …).
     */
    static Integer cipherBits(String suite) {
        String name = suite.toUpperCase(Locale.ROOT);
        int with = name.indexOf("_WITH_");
        String cipher = with >= 0 ? name.substring(with + "_WITH_".length())
                : name.startsWith("TLS_") ? name.substring(4) : name;
        List<String> tokens = List.of(cipher.split("_", -1));
        if (tokens.get(0).equals("NULL")) {
            return 0;
        }
        if (tokens.contains("40") || tokens.contains("DES40")) {
            return 40;
        }
        if (tokens.contains("56")) {
            return 56;
        }
        if (tokens.contains("3DES")) {
            return 168;
        }
        if (tokens.contains("DES")) {
            return 56;
        }
        if (tokens.contains("CHACHA20") || tokens.contains("256")) {
            return 256;
        }
        if (tokens.contains("128") || tokens.contains("IDEA") || tokens.contains("SEED") || tokens.contains("SM4")) {
            return 128;
        }
        return null;
    }
}
