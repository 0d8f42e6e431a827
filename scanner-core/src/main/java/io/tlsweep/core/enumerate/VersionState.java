package io.tlsweep.core.enumerate;

import io.tlsweep.core.result.VersionEnumeration;
import io.tlsweep.core.tls.wire.CipherSuites;
import io.tlsweep.core.tls.wire.NamedGroups;
import io.tlsweep.core.tls.wire.SuiteTraits;
import io.tlsweep.core.tls.wire.TlsVersion;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What enumeration has learnt of one accepted version so far; becomes a {@link VersionEnumeration}. */
final class VersionState {

    final int version;
    /** The suite the version hello's answer named (the server's pick from every candidate). */
    final int preferred;
    final Set<Integer> suites = new LinkedHashSet<>();
    final Set<Integer> groups = new LinkedHashSet<>();
    boolean suitesComplete;
    Boolean serverOrder;
    Integer dhBits;
    /** The curve of the ECDSA certificate the version hello's answer carried, or -1. */
    int certCurve = -1;

    VersionState(int version, int preferred) {
        this.version = version;
        this.preferred = preferred;
        suites.add(preferred);
    }

    /** Notes a suite this version accepted, and the DHE prime it came with. */
    void sawSuite(int suite, Integer primeBits) {
        suites.add(suite);
        SuiteTraits t = SuiteTraits.of(suite);
        if (dhBits == null && primeBits != null && t != null && t.keyExchange() == SuiteTraits.KeyExchange.DHE) {
            dhBits = primeBits;
        }
    }

    List<Integer> suitesWhere(java.util.function.Predicate<SuiteTraits> test) {
        List<Integer> out = new ArrayList<>();
        for (int s : suites) {
            SuiteTraits t = SuiteTraits.of(s);
            if (t != null && test.test(t)) {
                out.add(s);
            }
        }
        return out;
    }

    VersionEnumeration toRecord() {
        return new VersionEnumeration(TlsVersion.name(version), suites.stream().map(CipherSuites::name).toList(),
                suitesComplete, serverOrder, CipherSuites.name(preferred),
                groups.stream().map(NamedGroups::name).toList(), dhBits);
    }
}
