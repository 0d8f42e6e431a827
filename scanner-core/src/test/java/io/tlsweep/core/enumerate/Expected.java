package io.tlsweep.core.enumerate;

import io.tlsweep.core.result.EnumerationInfo;
import io.tlsweep.core.result.VersionEnumeration;
import io.tlsweep.core.tls.wire.CipherSuites;
import io.tlsweep.core.tls.wire.NamedGroups;
import io.tlsweep.core.tls.wire.SuiteTraits;
import io.tlsweep.core.tls.wire.TlsVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a full enumeration of a {@link SimulatedServer} must report, worked out from its configuration. */
final class Expected {

    private Expected() {
    }

    /** Per accepted version: the suites (IANA names) in the order full must list them, and the groups. */
    static Map<String, VersionEnumeration> of(SimulatedServer server) {
        Map<String, VersionEnumeration> out = new TreeMap<>();
        for (int v : server.versions) {
            List<Integer> groupsOffered = EnumerationState.groupsFor(v);
            List<Integer> groups = order(server, server.groups.getOrDefault(v, List.of()), groupsOffered);
            List<Integer> usable = new ArrayList<>();
            for (int s : server.suites.get(v)) {
                SuiteTraits t = SuiteTraits.of(s);
                boolean needsGroup = t.keyExchange() == SuiteTraits.KeyExchange.ECDHE || t.tls13Only();
                if (t.usableAt(v) && (!needsGroup || !groups.isEmpty())) {
                    usable.add(s);
                }
            }
            if (usable.isEmpty()) {
                continue;
            }
            List<Integer> suites = order(server, usable, Candidates.suites(v));
            boolean ecdhe = v == TlsVersion.TLS1_3
                    || suites.stream().anyMatch(s -> SuiteTraits.of(s).keyExchange() == SuiteTraits.KeyExchange.ECDHE);
            boolean dhe = suites.stream().anyMatch(s -> SuiteTraits.of(s).keyExchange() == SuiteTraits.KeyExchange.DHE);
            boolean ecdsaOnly = v != TlsVersion.TLS1_3 && suites.stream()
                    .map(SuiteTraits::of).filter(t -> t.keyExchange() == SuiteTraits.KeyExchange.ECDHE)
                    .allMatch(t -> "ECDSA".equals(t.auth()));
            if (ecdsaOnly) {
                // GroupWalk offers each group alone there: found in the candidates' order, not the server's.
                groups = groupsOffered.stream().filter(groups::contains).toList();
            }
            out.put(TlsVersion.name(v), new VersionEnumeration(TlsVersion.name(v),
                    suites.stream().map(CipherSuites::name).toList(), true,
                    suites.size() >= 2 ? server.serverOrder : null, CipherSuites.name(suites.get(0)),
                    ecdhe && v != TlsVersion.SSL3 ? groups.stream().map(NamedGroups::name).toList() : List.of(),
                    dhe ? server.dhBits : null));
        }
        return out;
    }

    /** {@code mine} in the order a walk finds them: the server's, or the client's candidate order. */
    private static List<Integer> order(SimulatedServer server, List<Integer> mine, List<Integer> clientOrder) {
        List<Integer> out = new ArrayList<>();
        for (int x : server.serverOrder ? mine : clientOrder) {
            if ((server.serverOrder ? clientOrder : mine).contains(x)) {
                out.add(x);
            }
        }
        return out;
    }

    static Map<String, VersionEnumeration> byVersion(EnumerationInfo info) {
        Map<String, VersionEnumeration> out = new TreeMap<>();
        for (VersionEnumeration ve : info.perVersion()) {
            out.put(ve.version(), ve);
        }
        return out;
    }
}
