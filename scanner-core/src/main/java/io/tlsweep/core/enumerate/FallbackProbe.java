package io.tlsweep.core.enumerate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * TLS_FALLBACK_SCSV (RFC 7507), when the server accepts two versions or more: the version hello of
 * the second-highest one with the SCSV last. inappropriate_fallback (alert 86) means honoured; a
 * ServerHello means ignored; anything else leaves it unknown.
 */
final class FallbackProbe {

    static final int INAPPROPRIATE_FALLBACK = 86;

    private FallbackProbe() {
    }

    static CompletableFuture<Void> run(EnumerationState s) {
        List<Integer> versions = new ArrayList<>(s.accepted.keySet());
        if (versions.size() < 2) {
            return CompletableFuture.completedFuture(null);
        }
        int second = versions.get(versions.size() - 2);
        return s.send(second, Candidates.suites(second), EnumerationState.groupsFor(second), true).thenAccept(v -> {
            if (v.alert() == INAPPROPRIATE_FALLBACK) {
                s.extensions.fallbackScsv(true);
            } else if (v.accepted()) {
                s.extensions.fallbackScsv(false);
            }
        });
    }
}
