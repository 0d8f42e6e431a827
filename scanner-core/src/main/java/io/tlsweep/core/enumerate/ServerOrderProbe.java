package io.tlsweep.core.enumerate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Whether the server picks by its own order. {@code full}: offer the accepted suites reversed; a
 * server with its own order picks its preferred suite again, one that follows the client picks our
 * (new) first. {@code fast} knows only the preferred suite P: offer every candidate reversed; a
 * pick other than P means client order; P again means server order if a second suite exists,
 * which one more hello without P settles (and a refusal there means P is the only suite).
 */
final class ServerOrderProbe {

    private ServerOrderProbe() {
    }

    static CompletableFuture<Void> full(EnumerationState s, VersionState vs) {
        if (vs.suites.size() < 2) {
            return CompletableFuture.completedFuture(null);
        }
        List<Integer> reversed = new ArrayList<>(vs.suites);
        Collections.reverse(reversed);
        return s.send(vs.version, reversed).thenAccept(v -> {
            if (v.accepted()) {
                vs.serverOrder = v.suite() == vs.preferred ? Boolean.TRUE
                        : v.suite() == reversed.get(0) ? Boolean.FALSE : null;
            }
        });
    }

    static CompletableFuture<Void> fast(EnumerationState s, VersionState vs) {
        List<Integer> candidates = Candidates.suites(vs.version);
        List<Integer> reversed = new ArrayList<>(candidates);
        Collections.reverse(reversed);
        return s.send(vs.version, reversed).thenCompose(v -> {
            if (!v.accepted()) {
                return CompletableFuture.completedFuture(null);
            }
            if (v.suite() != vs.preferred) {
                vs.serverOrder = false;
                return CompletableFuture.completedFuture(null);
            }
            if (vs.suites.size() >= 2) {
                vs.serverOrder = true;
                return CompletableFuture.completedFuture(null);
            }
            List<Integer> withoutPreferred = new ArrayList<>(candidates);
            withoutPreferred.remove(Integer.valueOf(vs.preferred));
            return s.send(vs.version, withoutPreferred).thenAccept(w -> {
                if (w.accepted()) {
                    vs.serverOrder = true;
                }
            });
        });
    }
}
