package io.tlsweep.core.enumerate;

import io.tlsweep.core.tls.wire.SuiteTraits;
import io.tlsweep.core.tls.wire.SuiteTraits.Mode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code fast}: any weak suite, by category. Per accepted version, newest first (TLS 1.3's weak
 * suites are the integrity-only TLS_SHA256_SHA256 and TLS_SHA384_SHA384 of RFC 9150),
 * offer only the weak suites of categories not found yet; each accepted one removes its categories,
 * a refusal moves to the next version. At most one hello per category plus one per version.
 */
final class WeakSuiteProbe {

    /** The categories behind the cipher findings, plus the other weak ciphers (DES, IDEA, RC2). */
    enum Category { NULL, EXPORT, ANONYMOUS, RC4, TRIPLE_DES, OTHER_WEAK }

    private WeakSuiteProbe() {
    }

    static Set<Category> categories(SuiteTraits t) {
        Set<Category> out = EnumSet.noneOf(Category.class);
        if (t.mode() == Mode.NULL) {
            out.add(Category.NULL);
        }
        if (t.export()) {
            out.add(Category.EXPORT);
        }
        if (t.anonymous()) {
            out.add(Category.ANONYMOUS);
        }
        switch (t.cipher()) {
            case "RC4" -> out.add(Category.RC4);
            case "3DES" -> out.add(Category.TRIPLE_DES);
            case "DES", "IDEA", "RC2" -> out.add(Category.OTHER_WEAK);
            default -> {
            }
        }
        return out;
    }

    static CompletableFuture<Void> run(EnumerationState s) {
        List<VersionState> versions = new ArrayList<>();
        for (VersionState vs : s.accepted.values()) {
            versions.add(0, vs); // newest first
        }
        Set<Category> pending = EnumSet.allOf(Category.class);
        for (VersionState vs : versions) {
            for (int suite : vs.suites) {
                pending.removeAll(categories(SuiteTraits.of(suite)));
            }
        }
        int[] at = {0};
        return AsyncLoop.run(versions.size() + Category.values().length + 1, i -> {
            List<Integer> offer = List.of();
            while (at[0] < versions.size()) {
                VersionState vs = versions.get(at[0]);
                offer = Candidates.weakSuites(vs.version).stream()
                        .filter(c -> !vs.suites.contains(c))
                        .filter(c -> categories(SuiteTraits.of(c)).stream().anyMatch(pending::contains))
                        .toList();
                if (!offer.isEmpty()) {
                    break;
                }
                at[0]++;
            }
            if (at[0] >= versions.size()) {
                return CompletableFuture.completedFuture(false);
            }
            return s.send(versions.get(at[0]).version, offer).thenApply(v -> {
                if (v.accepted()) {
                    pending.removeAll(categories(SuiteTraits.of(v.suite())));
                } else {
                    at[0]++;
                }
                return true;
            });
        });
    }
}
