package io.tlsweep.core.grade;

import io.tlsweep.core.result.ChainReport;
import io.tlsweep.core.result.EnumerationInfo;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.TlsExtensionSupport;
import io.tlsweep.core.result.VersionEnumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The facts the rubric's endpoint conditions read, gathered once from the grader's inputs.
 *
 * @param versions              accepted versions, oldest first
 * @param findingCodes          codes of the findings passed in and of the chain report's findings
 * @param leafKeyBits           the leaf key's RSA-equivalent bits; null without a chain report
 * @param minDhBits             the smallest DHE prime seen, or null
 * @param secureRenegotiation   from the enumeration's extensions, null when unknown
 * @param fallbackScsv          from the enumeration's extensions, null when unknown
 * @param compression           from the enumeration's extensions, null when unknown
 * @param allSuitesForwardSecret at least one suite was seen and every one is TLS 1.3 or (EC)DHE
 * @param enumerationComplete   the enumeration's {@code complete}
 * @param certMissing           no chain report was passed in
 */
record EndpointFacts(List<String> versions, Set<String> findingCodes, Integer leafKeyBits, Integer minDhBits,
                     Boolean secureRenegotiation, Boolean fallbackScsv, Boolean compression,
                     boolean allSuitesForwardSecret, boolean enumerationComplete, boolean certMissing) {

    static EndpointFacts of(EnumerationInfo enumeration, List<Finding> findings, ChainReport certs) {
        Set<String> codes = new LinkedHashSet<>();
        findings.forEach(f -> codes.add(f.code()));
        if (certs != null && certs.findings() != null) {
            certs.findings().forEach(f -> codes.add(f.code()));
        }
        Integer minDh = null;
        boolean anySuite = false;
        boolean allFs = true;
        for (VersionEnumeration v : enumeration.perVersion()) {
            if (v.dhBits() != null && (minDh == null || v.dhBits() < minDh)) {
                minDh = v.dhBits();
            }
            for (String suite : v.suites()) {
                anySuite = true;
                allFs &= SuiteTraits.forwardSecret(suite);
            }
        }
        TlsExtensionSupport ext = enumeration.extensions();
        return new EndpointFacts(enumeration.versions(), Set.copyOf(codes),
                certs == null ? null : KeyStrength.certificate(certs.leaf()), minDh,
                ext == null ? null : ext.secureRenegotiation(), ext == null ? null : ext.fallbackScsv(),
                ext == null ? null : ext.compression(), anySuite && allFs, enumeration.complete(), certs == null);
    }
}
