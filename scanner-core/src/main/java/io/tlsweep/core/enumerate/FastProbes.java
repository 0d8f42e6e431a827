package io.tlsweep.core.enumerate;

import io.tlsweep.core.tls.wire.SuiteTraits;
import io.tlsweep.core.tls.wire.SuiteTraits.Mode;
import io.tlsweep.core.tls.wire.TlsVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code fast} after the version hellos: weak suites, two confirmation hellos that keep the
 * negative cipher findings honest, the server-order probe, and the post-quantum group hello.
 */
final class FastProbes {

    private FastProbes() {
    }

    static CompletableFuture<Void> run(EnumerationState s) {
        List<Supplier<CompletableFuture<Void>>> steps = List.of(
                () -> WeakSuiteProbe.run(s),
                () -> confirm(s, SuiteTraits::forwardSecret),
                () -> confirm(s, t -> t.mode() != Mode.CBC),
                () -> order(s),
                () -> pq(s));
        return AsyncLoop.sequence(steps);
    }

    /**
     * When TLS 1.3 is refused and no suite seen so far has {@code trait}: per accepted legacy
     * version, newest first, one hello offering only such suites, until one is accepted. Without
     * them a server whose own order puts a CBC or non-forward-secret suite first would be reported
     * as having nothing better.
     */
    private static CompletableFuture<Void> confirm(EnumerationState s, Predicate<SuiteTraits> trait) {
        if (s.topLegacyVersion() < 0 || !s.refused.contains(TlsVersion.TLS1_3)) {
            return CompletableFuture.completedFuture(null);
        }
        List<Integer> versions = new ArrayList<>();
        for (VersionState vs : s.accepted.values()) {
            if (!vs.suitesWhere(trait).isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            versions.add(0, vs.version);
        }
        return AsyncLoop.run(versions.size(), i -> {
            int version = versions.get(i);
            List<Integer> offer = Candidates.suites(version).stream().filter(c -> trait.test(SuiteTraits.of(c)))
                    .toList();
            if (offer.isEmpty()) {
                return CompletableFuture.completedFuture(true);
            }
            return s.send(version, offer).thenApply(v -> {
                if (v.unknown()) {
                    s.cipherFactsSure = false;
                }
                return v.refused();
            });
        });
    }

    /** The server-order probe at the highest legacy version, or TLS 1.3 when that is all there is. */
    private static CompletableFuture<Void> order(EnumerationState s) {
        int top = s.topLegacyVersion();
        VersionState vs = s.accepted.get(top >= 0 ? top : TlsVersion.TLS1_3);
        return vs == null ? CompletableFuture.completedFuture(null) : ServerOrderProbe.fast(s, vs);
    }

    /** TLS 1.3 with supported_groups = the PQ groups only, unless the version hello already got one. */
    private static CompletableFuture<Void> pq(EnumerationState s) {
        VersionState vs = s.accepted.get(TlsVersion.TLS1_3);
        if (vs == null || Boolean.TRUE.equals(s.pqGroup)) {
            return CompletableFuture.completedFuture(null);
        }
        return s.send(TlsVersion.TLS1_3, List.copyOf(vs.suites), Candidates.PQ_GROUPS, false).thenAccept(v -> {
            if (v.accepted() && v.group() >= 0) {
                vs.groups.add(v.group());
                s.pqGroup = true;
            } else if (v.refused()) {
                s.pqGroup = false;
            }
        });
    }
}
