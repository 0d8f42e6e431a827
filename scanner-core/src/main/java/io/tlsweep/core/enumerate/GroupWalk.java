package io.tlsweep.core.enumerate;

import io.tlsweep.core.tls.wire.SuiteTraits;
import io.tlsweep.core.tls.wire.TlsVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code full}: every key-exchange group of one version, walked like the suites. TLS 1.3: the
 * HelloRetryRequest names the group (key_share empty, supported_groups = the groups not yet found).
 * TLS 1.2 and older: only the accepted ECDHE suites are offered, so the ServerKeyExchange must name
 * one of the offered curves; ECDHE_RSA suites when there are any, because an ECDHE_ECDSA suite is
 * usable only while the certificate's curve is offered (RFC 8422 5.1): with ECDSA suites alone the
 * certificate's curve stays in the list, and the walk ends when the server picks it a second time
 * (no group after it can be negotiated with this certificate). Versions without an ECDHE suite
 * have no groups to walk, nor has SSLv3, whose hello has no extensions to steer the server.
 */
final class GroupWalk {

    private GroupWalk() {
    }

    static CompletableFuture<Void> run(EnumerationState s, VersionState vs) {
        boolean tls13 = vs.version == TlsVersion.TLS1_3;
        List<Integer> rsa = vs.suitesWhere(t -> t.keyExchange() == SuiteTraits.KeyExchange.ECDHE
                && !"ECDSA".equals(t.auth()));
        List<Integer> suites = tls13 ? List.copyOf(vs.suites) : !rsa.isEmpty() ? rsa
                : vs.suitesWhere(t -> t.keyExchange() == SuiteTraits.KeyExchange.ECDHE);
        int anchor = !tls13 && rsa.isEmpty() ? vs.certCurve : -1;
        if (suites.isEmpty() || vs.version == TlsVersion.SSL3) {
            return CompletableFuture.completedFuture(null);
        }
        List<Integer> remaining = new ArrayList<>(EnumerationState.groupsFor(vs.version));
        remaining.removeAll(vs.groups);
        boolean[] settled = {false}; // the walk ended with a refusal or nothing left to offer
        return AsyncLoop.run(remaining.size() + 1, i -> {
            if (remaining.isEmpty()) {
                settled[0] = true;
                return CompletableFuture.completedFuture(false);
            }
            List<Integer> offer = new ArrayList<>(remaining);
            if (anchor >= 0 && !offer.contains(anchor)) {
                offer.add(anchor);
            }
            return s.send(vs.version, suites, offer, false).thenApply(v -> {
                if (v.accepted() && v.group() == anchor && !remaining.contains(anchor)) {
                    settled[0] = true; // the certificate's curve again: nothing after it is usable
                    return false;
                }
                if (v.accepted() && v.group() >= 0) {
                    vs.groups.add(v.group());
                    remaining.remove(Integer.valueOf(v.group()));
                    return true;
                }
                if (v.accepted()) {
                    s.markIncomplete(); // an answer without a named group (explicit curve): cannot go on
                }
                settled[0] = v.refused();
                return false;
            });
        }).thenRun(() -> {
            boolean pq = vs.groups.stream().anyMatch(Candidates::isPq);
            if (tls13 && (settled[0] || pq)) {
                s.pqGroup = pq;
            }
        });
    }
}
