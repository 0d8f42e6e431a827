package io.tlsweep.core.grade;

import java.util.Set;

/**
 * What the rubric needs to know of a suite the enumeration reported by name: its key exchange, in
 * the rubric's categories, and the cipher's key length. The name is looked up in the scanner's own
 * suite table ({@link io.tlsweep.core.tls.wire.SuiteTraits}), so the grade and the enumeration's
 * findings read every suite the same way; a name not in the table is not guessed.
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
        /** No server authentication at all (DH_anon, ECDH_anon, NULL_WITH_NULL). */
        ANONYMOUS,
        /** PSK, SRP, Kerberos, GOST, or a name not in the table: nothing this rubric can measure. */
        UNKNOWN
    }

    /** Cipher families whose strength the SSL Labs guide does not rate (the GOST ciphers). */
    private static final Set<String> UNRATED_CIPHERS = Set.of("KUZNYECHIK", "MAGMA", "GOST28147");

    private SuiteTraits() {
    }

    static Kex kex(String suite) {
        io.tlsweep.core.tls.wire.SuiteTraits t = io.tlsweep.core.tls.wire.SuiteTraits.ofName(suite);
        if (t == null) {
            return Kex.UNKNOWN;
        }
        if (t.anonymous() || "NULL".equals(t.auth())) {
            return Kex.ANONYMOUS;
        }
        if (t.export()) {
            return Kex.EXPORT_512;
        }
        return switch (t.keyExchange()) {
            case TLS13 -> Kex.TLS13;
            case ECDHE -> Kex.ECDHE;
            case DHE -> Kex.DHE;
            case RSA, DH, ECDH -> Kex.CERTIFICATE;
            default -> Kex.UNKNOWN;
        };
    }

    /** True for TLS 1.3 suites and ephemeral (EC)DHE ones (not the anonymous kind). */
    static boolean forwardSecret(String suite) {
        Kex k = kex(suite);
        return k == Kex.TLS13 || k == Kex.ECDHE || k == Kex.DHE;
    }

    /**
     * The cipher's key length in bits as the SSL Labs guide counts it (3DES: 168), 0 for NULL,
     * or null when the suite is not in the table or its cipher is one the guide does not rate.
     */
    static Integer cipherBits(String suite) {
        io.tlsweep.core.tls.wire.SuiteTraits t = io.tlsweep.core.tls.wire.SuiteTraits.ofName(suite);
        if (t == null || UNRATED_CIPHERS.contains(t.cipher())) {
            return null;
        }
        return t.bits();
    }
}
