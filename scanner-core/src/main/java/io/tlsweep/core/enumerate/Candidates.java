package io.tlsweep.core.enumerate;

import io.tlsweep.core.tls.wire.CipherSuites;
import io.tlsweep.core.tls.wire.NamedGroups;
import io.tlsweep.core.tls.wire.SuiteTraits;
import io.tlsweep.core.tls.wire.SuiteTraits.Mode;
import io.tlsweep.core.tls.wire.TlsVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What enumeration offers: the candidate suites per version (every registered suite usable there,
 * in a modern client's order) and the groups. A modern order matters for the version hellos: a
 * server that follows the client's order then picks what a browser would get, so "preferred" means
 * the same thing on servers with and without their own order.
 */
final class Candidates {

    /** Every EC group of the registry, for TLS 1.2 and older supported_groups (no FFDHE: see docs). */
    static final List<Integer> EC_GROUPS = List.of(NamedGroups.X25519, NamedGroups.SECP256R1, NamedGroups.SECP384R1,
            NamedGroups.SECP521R1, NamedGroups.X448, 0x001a, 0x001b, 0x001c, 0x0016, 0x0015, 0x0013);

    /** Post-quantum groups: the hybrids, the Kyber draft hybrid, and pure ML-KEM. */
    static final List<Integer> PQ_GROUPS = List.of(0x11ec, 0x11eb, 0x11ed, 0x6399, 0x0201, 0x0200, 0x0202);

    /** Every group for a TLS 1.3 hello: PQ first (as current clients), then EC, then finite-field. */
    static final List<Integer> TLS13_GROUPS;

    static {
        List<Integer> all = new ArrayList<>(PQ_GROUPS);
        all.addAll(EC_GROUPS);
        all.addAll(List.of(0x0100, 0x0101, 0x0102, 0x0103, 0x0104));
        TLS13_GROUPS = List.copyOf(all);
    }

    /** Versions in the order the version hellos go out, oldest first. */
    static final List<Integer> VERSIONS = List.of(TlsVersion.SSL3, TlsVersion.TLS1_0, TlsVersion.TLS1_1,
            TlsVersion.TLS1_2, TlsVersion.TLS1_3);

    private Candidates() {
    }

    /** Computed once per version: every hello of a walk asks for them. */
    private static final java.util.Map<Integer, List<Integer>> SUITES = new java.util.concurrent.ConcurrentHashMap<>();

    /** Every registered suite usable at {@code version}, strongest first (see {@link #MODERN_ORDER}). */
    static List<Integer> suites(int version) {
        return SUITES.computeIfAbsent(version, Candidates::computeSuites);
    }

    private static List<Integer> computeSuites(int version) {
        List<SuiteTraits> out = new ArrayList<>();
        for (int code : CipherSuites.codePoints()) {
            SuiteTraits t = SuiteTraits.of(code);
            if (t != null && t.usableAt(version)) {
                out.add(t);
            }
        }
        out.sort(MODERN_ORDER);
        return out.stream().map(SuiteTraits::code).toList();
    }

    /** The weak suites at {@code version}: NULL, export, anonymous, RC4, 3DES, single DES, IDEA, RC2. */
    static List<Integer> weakSuites(int version) {
        return suites(version).stream().filter(c -> isWeak(SuiteTraits.of(c))).toList();
    }

    static boolean isWeak(SuiteTraits t) {
        return t.mode() == Mode.NULL || t.export() || t.anonymous() || switch (t.cipher()) {
            case "RC4", "3DES", "DES", "IDEA", "RC2" -> true;
            default -> false;
        };
    }

    static boolean isPq(int group) {
        return PQ_GROUPS.contains(group);
    }

    /**
     * Forward-secret before not, AEAD before CBC before stream before NULL, AES before ChaCha20
     * before the rest, then stronger keys, authenticated before anonymous, non-export before
     * export; the code point breaks ties so the order is stable.
     */
    static final Comparator<SuiteTraits> MODERN_ORDER = Comparator
            .comparing((SuiteTraits t) -> t.export())
            .thenComparing(t -> t.mode() == Mode.NULL)
            .thenComparing(SuiteTraits::anonymous)
            .thenComparing(t -> !t.forwardSecret())
            .thenComparing(t -> t.mode().ordinal())
            .thenComparing(t -> familyRank(t.cipher()))
            .thenComparing(t -> -t.bits())
            .thenComparing(t -> authRank(t.auth()))
            .thenComparing(SuiteTraits::code);

    private static int familyRank(String cipher) {
        return switch (cipher) {
            case "AES" -> 0;
            case "CHACHA20" -> 1;
            case "CAMELLIA", "ARIA" -> 2;
            default -> 3;
        };
    }

    private static int authRank(String auth) {
        return switch (auth) {
            case "ECDSA", "RSA", "any" -> 0;
            case "DSS" -> 1;
            default -> 2;
        };
    }
}
