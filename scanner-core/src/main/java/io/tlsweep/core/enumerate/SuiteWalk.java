package io.tlsweep.core.enumerate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code full}: every suite of one version. Offer every candidate not yet found; the server picks
 * one; drop it and ask again, until the server refuses. A server with its own order hands its
 * suites out in that order, one that follows the client in ours. Costs accepted + 1 hellos
 * (the version hello already found the first).
 */
final class SuiteWalk {

    private SuiteWalk() {
    }

    static CompletableFuture<Void> run(EnumerationState s, VersionState vs) {
        List<Integer> remaining = new ArrayList<>(Candidates.suites(vs.version));
        remaining.removeAll(vs.suites);
        return AsyncLoop.run(remaining.size() + 1, i -> {
            if (remaining.isEmpty()) {
                vs.suitesComplete = true;
                return CompletableFuture.completedFuture(false);
            }
            return s.send(vs.version, List.copyOf(remaining)).thenApply(v -> {
                if (v.accepted()) {
                    remaining.remove(Integer.valueOf(v.suite()));
                    return true;
                }
                if (v.refused()) {
                    vs.suitesComplete = true;
                } else {
                    s.cipherFactsSure = false;
                }
                return false;
            });
        });
    }
}
