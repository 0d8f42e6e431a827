package io.tlsweep.core.enumerate;

import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.FindingCode;
import io.tlsweep.core.tls.wire.CipherSuites;
import io.tlsweep.core.tls.wire.SuiteTraits;
import io.tlsweep.core.tls.wire.SuiteTraits.Mode;
import io.tlsweep.core.tls.wire.TlsVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The findings an enumeration adds. Positive ones (a version, a weak suite) need one accepted hello;
 * the negative ones (CBC only, no forward secrecy, no PQ group, no secure renegotiation) are only
 * reported when the hellos that could have disproved them were answered.
 */
final class EnumerationFindings {

    private EnumerationFindings() {
    }

    static List<Finding> of(EnumerationState s) {
        List<Finding> out = new ArrayList<>();
        version(s, out, TlsVersion.SSL3, FindingCode.PROTOCOL_SSLV3);
        version(s, out, TlsVersion.TLS1_0, FindingCode.PROTOCOL_TLS10);
        version(s, out, TlsVersion.TLS1_1, FindingCode.PROTOCOL_TLS11);
        suites(s, out, FindingCode.CIPHER_NULL, t -> t.mode() == Mode.NULL);
        suites(s, out, FindingCode.CIPHER_EXPORT, SuiteTraits::export);
        suites(s, out, FindingCode.CIPHER_ANONYMOUS, SuiteTraits::anonymous);
        suites(s, out, FindingCode.CIPHER_RC4, t -> "RC4".equals(t.cipher()));
        suites(s, out, FindingCode.CIPHER_3DES, t -> "3DES".equals(t.cipher()));
        boolean legacy = s.topLegacyVersion() >= 0;
        boolean tls13Refused = s.refused.contains(TlsVersion.TLS1_3);
        if (legacy && tls13Refused && s.cipherFactsSure) {
            if (every(s, t -> t.mode() == Mode.CBC)) {
                out.add(Finding.of(FindingCode.CIPHER_CBC_ONLY,
                        "every accepted suite uses CBC and TLS 1.3 is not offered"));
            }
            if (every(s, t -> !t.forwardSecret())) {
                out.add(Finding.of(FindingCode.NO_FORWARD_SECRECY,
                        "no accepted suite has an ephemeral key exchange and TLS 1.3 is not offered"));
            }
        }
        if (Boolean.FALSE.equals(s.pqGroup) && !s.accepted.isEmpty()) {
            out.add(Finding.of(FindingCode.NO_PQ_GROUP, tls13Refused
                    ? "TLS 1.3 not offered, so no hybrid post-quantum group"
                    : "no post-quantum group (X25519MLKEM768 …) accepted"));
        }
        if (legacy && Boolean.FALSE.equals(s.extensions.secureRenegotiation())) {
            out.add(Finding.of(FindingCode.NO_SECURE_RENEGOTIATION,
                    "renegotiation_info (RFC 5746) not answered"));
        }
        return out;
    }

    private static void version(EnumerationState s, List<Finding> out, int version, FindingCode code) {
        if (s.accepted.containsKey(version)) {
            out.add(Finding.of(code, TlsVersion.name(version) + " accepted"));
        }
    }

    private static void suites(EnumerationState s, List<Finding> out, FindingCode code, Predicate<SuiteTraits> test) {
        List<String> hits = new ArrayList<>();
        for (VersionState vs : s.accepted.values()) {
            for (int suite : vs.suitesWhere(test)) {
                hits.add(CipherSuites.name(suite) + " (" + TlsVersion.name(vs.version) + ")");
            }
        }
        if (!hits.isEmpty()) {
            out.add(Finding.of(code, "accepted: " + String.join(", ", hits)));
        }
    }

    /** True when every suite accepted at TLS 1.2 and older has {@code test}. */
    private static boolean every(EnumerationState s, Predicate<SuiteTraits> test) {
        for (VersionState vs : s.accepted.values()) {
            if (vs.version <= TlsVersion.TLS1_2 && vs.suitesWhere(test.negate()).size() > 0) {
                return false;
            }
        }
        return true;
    }
}
