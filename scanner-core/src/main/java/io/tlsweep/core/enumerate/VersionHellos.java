package io.tlsweep.core.enumerate;

import io.tlsweep.core.tls.wire.TlsVersion;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One hello per protocol version (SSLv3 … TLS 1.3), each offering every candidate suite of that
 * version. Its answer says whether the version is accepted and names the server's preferred suite
 * (and, at TLS 1.3, its first group; at TLS 1.0-1.2 the ServerKeyExchange's group; SSLv3 hellos
 * carry no supported_groups, so the server's curve there says nothing about its preference).
 */
final class VersionHellos {

    private VersionHellos() {
    }

    static CompletableFuture<Void> run(EnumerationState s) {
        List<Integer> versions = Candidates.VERSIONS;
        return AsyncLoop.run(versions.size(), i -> {
            int version = versions.get(i);
            return s.send(version, Candidates.suites(version)).thenApply(v -> {
                if (v.accepted()) {
                    VersionState vs = new VersionState(version, v.suite());
                    vs.sawSuite(v.suite(), v.dhBits());
                    vs.certCurve = CertificateCurve.of(v.leaf());
                    if (v.group() >= 0 && version != TlsVersion.SSL3) {
                        vs.groups.add(v.group());
                        if (version == TlsVersion.TLS1_3 && Candidates.isPq(v.group())) {
                            s.pqGroup = true;
                        }
                    }
                    s.accepted.put(version, vs);
                    s.extensions.observe(version, v.serverHello());
                } else if (v.refused()) {
                    s.refused.add(version);
                    if (version == TlsVersion.TLS1_3) {
                        s.pqGroup = false; // no TLS 1.3, so no PQ group (they exist only in TLS 1.3)
                    }
                }
                return true;
            });
        });
    }
}
