package io.tlsweep.core.enumerate;

import io.tlsweep.core.tls.wire.SuiteTraits;
import io.tlsweep.core.tls.wire.TlsVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code full}: every key-exchange group of one version. TLS 1.3: walked like the suites, the
 * HelloRetryRequest naming the group (key_share empty, supported_groups = the groups not yet
 * found). TLS 1.2 and older: only the accepted ECDHE suites are offered, so the ServerKeyExchange
 * must name one of the offered curves; ECDHE_RSA suites when there are any, walked the same way.
 * With ECDHE_ECDSA suites alone each group is offered <em>alone</em>, one hello each: OpenSSL and
 * BoringSSL use an ECDSA certificate only while its curve is among the client's groups (RFC 4492's
 * rule), so which groups "work" depends on what else the client offers, and the one answer that
 * does not is the one sslscan gives: the groups a client offering only that group can use (often
 * just the certificate's curve). Versions without an ECDHE suite have no groups to walk, nor has
 * SSLv3, whose hello has no extensions to steer the server.
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
        if (suites.isEmpty() || vs.version == TlsVersion.SSL3) {
            return CompletableFuture.completedFuture(null);
        }
        if (!tls13 && rsa.isEmpty()) {
            return eachAlone(s, vs, suites);
        }
        List<Integer> remaining = new ArrayList<>(EnumerationState.groupsFor(vs.version));
        remaining.removeAll(vs.groups);
        boolean[] settled = {false}; // the walk ended with a refusal or nothing left to offer
        return AsyncLoop.run(remaining.size() + 1, i -> {
            if (remaining.isEmpty()) {
                settled[0] = true;
                return CompletableFuture.completedFuture(false);
            }
            return s.send(vs.version, suites, List.copyOf(remaining), false).thenApply(v -> {
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

    /** ECDSA suites only, TLS 1.2 and older: one hello per candidate group, offered alone. */
    private static CompletableFuture<Void> eachAlone(EnumerationState s, VersionState vs, List<Integer> suites) {
        List<Integer> candidates = EnumerationState.groupsFor(vs.version);
        vs.groups.clear(); // the version hello's group was chosen among all groups, not alone
        return AsyncLoop.run(candidates.size(), i -> {
            int group = candidates.get(i);
            return s.send(vs.version, suites, List.of(group), false).thenApply(v -> {
                if (v.accepted() && v.group() == group) {
                    vs.groups.add(group);
                } else if (v.accepted()) {
                    s.markIncomplete(); // no named group, or not the one offered: cannot tell
                }
                return true;
            });
        });
    }
}
