package io.tlsweep.core.tls.wire;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a cipher suite is made of, read from its IANA name ({@code TLS_<kex>[_<auth>][_EXPORT]_WITH_
 * <cipher>[_<bits>]_<mode>_<mac>}, or the TLS 1.3 form {@code TLS_<cipher>_<bits>_<mode>_<hash>}).
 * Parsing the name rather than keeping a hand-written column per suite keeps the ~350-row table and
 * its traits from drifting apart; {@code SuiteTraitsTest} checks both the whole table and named rows.
 *
 * @param keyExchange  how the premaster secret is agreed
 * @param auth         how the server proves itself: "RSA", "DSS", "ECDSA", "anon", "PSK", "KRB5",
 *                     "SRP", "ECCPWD", "GOST", "NULL", or "any" (TLS 1.3: the certificate decides)
 * @param cipher       bulk cipher family: "AES", "3DES", "DES", "RC4", "RC2", "IDEA", "SEED",
 *                     "CAMELLIA", "ARIA", "CHACHA20", "SM4", "AEGIS", "KUZNYECHIK", "MAGMA",
 *                     "GOST28147", "NULL"
 * @param bits         the cipher's key length in bits (3DES: 168; NULL: 0)
 * @param mode         AEAD, CBC, STREAM or NULL (no encryption)
 * @param export       a 40/56-bit export-grade suite
 * @param minVersion   the oldest protocol version that can negotiate it (wire code: SSL3, TLS1_2 for
 *                     AEAD and SHA-256/384 MAC suites, TLS1_3 for the TLS 1.3 suites)
 */
public record SuiteTraits(int code, String name, KeyExchange keyExchange, String auth, String cipher, int bits,
                          Mode mode, boolean export, int minVersion) {

    /** Key exchange families. */
    public enum KeyExchange {
        NULL, RSA, DH, DHE, ECDH, ECDHE, PSK, DHE_PSK, ECDHE_PSK, RSA_PSK, SRP, KRB5, ECCPWD, GOST, TLS13;

        /** A fresh key per handshake: the recorded traffic stays safe if the server key leaks later. */
        public boolean forwardSecret() {
            return this == DHE || this == ECDHE || this == DHE_PSK || this == ECDHE_PSK || this == ECCPWD
                    || this == TLS13;
        }
    }

    /** How records are protected. */
    public enum Mode { AEAD, CBC, STREAM, NULL }

    private static final Map<Integer, SuiteTraits> CACHE = new ConcurrentHashMap<>();

    /** The traits of a listed suite, or null for SCSVs, GREASE and code points not in {@link CipherSuites}. */
    public static SuiteTraits of(int code) {
        if (!CipherSuites.isKnown(code) || code == CipherSuites.TLS_EMPTY_RENEGOTIATION_INFO_SCSV
                || code == CipherSuites.TLS_FALLBACK_SCSV) {
            return null;
        }
        return CACHE.computeIfAbsent(code, c -> parse(c, CipherSuites.name(c)));
    }

    /** The traits of a listed suite by its IANA name (as the records spell it), or null. */
    public static SuiteTraits ofName(String name) {
        int code = CipherSuites.code(name);
        return code < 0 ? null : of(code);
    }

    public boolean forwardSecret() {
        return keyExchange.forwardSecret();
    }

    public boolean anonymous() {
        return "anon".equals(auth);
    }

    public boolean nullCipher() {
        return mode == Mode.NULL;
    }

    public boolean tls13Only() {
        return minVersion == TlsVersion.TLS1_3;
    }

    /** True when {@code version} (wire code) can negotiate this suite. */
    public boolean usableAt(int version) {
        return tls13Only() ? version == TlsVersion.TLS1_3 : version >= minVersion && version <= TlsVersion.TLS1_2;
    }

    /** Parses an IANA suite name; throws IllegalArgumentException on a shape it does not know. */
    static SuiteTraits parse(int code, String fullName) {
        String n = fullName.startsWith("OLD_") ? fullName.substring(4) : fullName;
        if (!n.startsWith("TLS_")) {
            throw new IllegalArgumentException("not a suite name: " + fullName);
        }
        n = n.substring(4);
        int with = n.indexOf("_WITH_");
        if (with < 0) {
            return parseTls13(code, fullName, n);
        }
        String kexPart = n.substring(0, with);
        String cipherPart = n.substring(with + 6);
        boolean export = kexPart.endsWith("_EXPORT");
        if (export) {
            kexPart = kexPart.substring(0, kexPart.length() - 7);
        }
        KeyExchange kex;
        String auth;
        switch (kexPart) {
            case "NULL" -> { kex = KeyExchange.NULL; auth = "NULL"; }
            case "RSA" -> { kex = KeyExchange.RSA; auth = "RSA"; }
            case "DH_DSS" -> { kex = KeyExchange.DH; auth = "DSS"; }
            case "DH_RSA" -> { kex = KeyExchange.DH; auth = "RSA"; }
            case "DHE_DSS" -> { kex = KeyExchange.DHE; auth = "DSS"; }
            case "DHE_RSA" -> { kex = KeyExchange.DHE; auth = "RSA"; }
            case "DH_anon" -> { kex = KeyExchange.DHE; auth = "anon"; }
            case "ECDH_ECDSA" -> { kex = KeyExchange.ECDH; auth = "ECDSA"; }
            case "ECDH_RSA" -> { kex = KeyExchange.ECDH; auth = "RSA"; }
            case "ECDHE_ECDSA" -> { kex = KeyExchange.ECDHE; auth = "ECDSA"; }
            case "ECDHE_RSA" -> { kex = KeyExchange.ECDHE; auth = "RSA"; }
            case "ECDH_anon" -> { kex = KeyExchange.ECDHE; auth = "anon"; }
            case "KRB5" -> { kex = KeyExchange.KRB5; auth = "KRB5"; }
            case "PSK" -> { kex = KeyExchange.PSK; auth = "PSK"; }
            case "DHE_PSK", "PSK_DHE" -> { kex = KeyExchange.DHE_PSK; auth = "PSK"; }
            case "ECDHE_PSK" -> { kex = KeyExchange.ECDHE_PSK; auth = "PSK"; }
            case "RSA_PSK" -> { kex = KeyExchange.RSA_PSK; auth = "PSK"; }
            case "SRP_SHA" -> { kex = KeyExchange.SRP; auth = "SRP"; }
            case "SRP_SHA_RSA" -> { kex = KeyExchange.SRP; auth = "RSA"; }
            case "SRP_SHA_DSS" -> { kex = KeyExchange.SRP; auth = "DSS"; }
            case "ECCPWD" -> { kex = KeyExchange.ECCPWD; auth = "ECCPWD"; }
            case "GOSTR341112_256" -> { kex = KeyExchange.GOST; auth = "GOST"; }
            default -> throw new IllegalArgumentException("unknown key exchange in " + fullName);
        }
        // Anonymous (EC)DH suites use ephemeral keys (RFC 5246 7.4.3, RFC 8422 2.5), hence DHE/ECDHE above.
        Cipher c = cipher(cipherPart, fullName);
        int min;
        if (kex == KeyExchange.GOST && c.mode == Mode.AEAD) {
            min = TlsVersion.TLS1_3; // the MGM suites of RFC 9367 are TLS 1.3 suites
        } else if (c.mode == Mode.AEAD || cipherPart.endsWith("_SHA256") || cipherPart.endsWith("_SHA384")
                || kex == KeyExchange.GOST || kex == KeyExchange.ECCPWD) {
            min = TlsVersion.TLS1_2;
        } else {
            min = TlsVersion.SSL3;
        }
        if (kex == KeyExchange.GOST && c.mode == Mode.AEAD) {
            kex = KeyExchange.TLS13;
            auth = "any";
        }
        return new SuiteTraits(code, fullName, kex, auth, c.family, c.bits, c.mode, export, min);
    }

    private static SuiteTraits parseTls13(int code, String fullName, String n) {
        // TLS 1.3 suites name only the AEAD and the hash; TLS_SHA256_SHA256 (RFC 9150) is integrity only.
        if (n.startsWith("SHA256_") || n.startsWith("SHA384_")) {
            return new SuiteTraits(code, fullName, KeyExchange.TLS13, "any", "NULL", 0, Mode.NULL, false,
                    TlsVersion.TLS1_3);
        }
        Cipher c = cipher(n, fullName);
        return new SuiteTraits(code, fullName, KeyExchange.TLS13, "any", c.family, c.bits, c.mode, false,
                TlsVersion.TLS1_3);
    }

    private record Cipher(String family, int bits, Mode mode) {
    }

    private static Cipher cipher(String p, String fullName) {
        String u = p.toUpperCase(Locale.ROOT);
        if (u.startsWith("NULL")) {
            return new Cipher("NULL", 0, Mode.NULL);
        }
        if (u.startsWith("RC4_")) {
            return new Cipher("RC4", u.startsWith("RC4_40") ? 40 : u.startsWith("RC4_56") ? 56 : 128, Mode.STREAM);
        }
        if (u.startsWith("RC2_CBC_40")) {
            return new Cipher("RC2", 40, Mode.CBC);
        }
        if (u.startsWith("3DES_EDE_CBC")) {
            return new Cipher("3DES", 168, Mode.CBC);
        }
        if (u.startsWith("DES40_CBC") || u.startsWith("DES_CBC_40")) {
            return new Cipher("DES", 40, Mode.CBC);
        }
        if (u.startsWith("DES_CBC")) {
            return new Cipher("DES", 56, Mode.CBC);
        }
        if (u.startsWith("IDEA_CBC")) {
            return new Cipher("IDEA", 128, Mode.CBC);
        }
        if (u.startsWith("SEED_CBC")) {
            return new Cipher("SEED", 128, Mode.CBC);
        }
        if (u.startsWith("CHACHA20_POLY1305")) {
            return new Cipher("CHACHA20", 256, Mode.AEAD);
        }
        if (u.startsWith("SM4_")) {
            return new Cipher("SM4", 128, u.startsWith("SM4_GCM") || u.startsWith("SM4_CCM") ? Mode.AEAD : Mode.CBC);
        }
        if (u.startsWith("AEGIS_")) {
            return new Cipher("AEGIS", u.startsWith("AEGIS_256") ? 256 : 128, Mode.AEAD);
        }
        if (u.startsWith("KUZNYECHIK_") || u.startsWith("MAGMA_")) {
            String family = u.startsWith("KUZNYECHIK") ? "KUZNYECHIK" : "MAGMA";
            return new Cipher(family, 256, u.contains("_MGM_") ? Mode.AEAD : Mode.STREAM);
        }
        if (u.startsWith("28147_CNT")) {
            return new Cipher("GOST28147", 256, Mode.STREAM);
        }
        for (String family : new String[] {"AES", "CAMELLIA", "ARIA"}) {
            if (u.startsWith(family + "_")) {
                String[] t = u.split("_");
                int bits = Integer.parseInt(t[1]);
                Mode mode = switch (t[2]) {
                    case "CBC" -> Mode.CBC;
                    case "GCM", "CCM" -> Mode.AEAD;
                    default -> throw new IllegalArgumentException("unknown mode in " + fullName);
                };
                return new Cipher(family, bits, mode);
            }
        }
        throw new IllegalArgumentException("unknown cipher in " + fullName);
    }
}
