package io.tlsweep.core.enumerate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * TLS_FALLBACK_SCSV (RFC 7507), when the server accepts two versions or more: the version hello of
 * the second-highest one with the SCSV last. inappropriate_fallback (alert 86) means honoured; a
 * ServerHello means ignored. Another alert, or a close or reset without one, also means honoured:
 * the same hello without the SCSV was accepted, so the SCSV is what the server turned down.
 * Dovecot is such a server: its OpenSSL decides inappropriate_fallback, but the connection closes
 * before the alert is written (`openssl s_client -fallback_scsv` reads 0 bytes). Silence, a
 * refused connection or a failed upgrade leave it unknown.
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
            if (v.accepted() || v.serverHello() != null) {
                s.extensions.fallbackScsv(false); // a ServerHello, even at a lower version: not refused
            } else if (v.alert() == INAPPROPRIATE_FALLBACK || v.refused()) {
                s.extensions.fallbackScsv(true);
            }
        });
    }
}
