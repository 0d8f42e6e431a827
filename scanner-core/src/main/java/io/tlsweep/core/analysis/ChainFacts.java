package io.tlsweep.core.analysis;

import io.tlsweep.core.result.CertificateInfo;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.FindingCode;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What follows from a served chain's bytes and the trust anchors alone, with no name and no clock:
 * the parsed certificates, which are self-signed, the served-chain walk, the findings that depend
 * only on the chain, and the PKIX verdict for any moment at which every served certificate is
 * valid. This is the expensive part of an analysis (parsing and signature checks), and it is what
 * {@link ChainFactsCache} keeps, so a chain served by many endpoints is analysed once.
 *
 * <p>Immutable but for the PKIX verdict, which is filled in on first need and is the same whoever
 * fills it (see {@link #trustWhileAllValid}).
 */
final class ChainFacts {

    /** Per certificate, leaf first; {@code daysLeft} is 0 here: it depends on the clock, the report sets it. */
    final List<CertificateInfo> infos;
    final List<Boolean> selfSigned;
    final ServedChainPath path;
    /** The SELF_SIGNED finding for the leaf, or null. */
    final Finding selfSignedFinding;
    /** INCOMPLETE_CHAIN, CHAIN_ORDER, WEAK_KEY and WEAK_SIGNATURE findings, in report order. */
    final List<Finding> chainFindings;
    /** The latest notBefore and earliest notAfter of the served certificates: where all are valid. */
    final Instant allValidFrom;
    final Instant allValidUntil;
    /** A rough count of the heap this entry holds, for the cache's byte bound. */
    final long weight;

    private volatile PkixTrust.Result trustWhileAllValid;

    private ChainFacts(List<CertificateInfo> infos, List<Boolean> selfSigned, ServedChainPath path,
                       Finding selfSignedFinding, List<Finding> chainFindings, Instant allValidFrom,
                       Instant allValidUntil, long weight) {
        this.infos = infos;
        this.selfSigned = selfSigned;
        this.path = path;
        this.selfSignedFinding = selfSignedFinding;
        this.chainFindings = chainFindings;
        this.allValidFrom = allValidFrom;
        this.allValidUntil = allValidUntil;
        this.weight = weight;
    }

    /** @param ders the served certificates' encodings, in served order (what the cache key is made of) */
    static ChainFacts of(List<X509Certificate> served, List<byte[]> ders, TrustAnchors anchors) {
        List<CertificateInfo> infos = new ArrayList<>(served.size());
        List<Boolean> selfSigned = new ArrayList<>(served.size());
        Instant from = Instant.MIN;
        Instant until = Instant.MAX;
        long weight = 512;
        for (int i = 0; i < served.size(); i++) {
            CertificateInfo info = CertificateInspector.inspect(served.get(i), ders.get(i));
            infos.add(info);
            selfSigned.add(info.selfSigned());
            from = info.notBefore().isAfter(from) ? info.notBefore() : from;
            until = info.notAfter().isBefore(until) ? info.notAfter() : until;
            // the info's strings and lists; the DER itself is not kept
            weight += 1024 + 2L * ders.get(i).length;
        }
        ServedChainPath path = ServedChainPath.walk(served, selfSigned, anchors);
        CertificateInfo leaf = infos.get(0);
        Finding selfSignedFinding = leaf.selfSigned()
                ? Finding.of(FindingCode.SELF_SIGNED, "leaf certificate " + label(leaf) + " is self-signed") : null;
        List<Finding> findings = new ArrayList<>();
        if (!path.complete()) {
            CertificateInfo top = infos.get(path.path().get(path.path().size() - 1));
            findings.add(Finding.of(FindingCode.INCOMPLETE_CHAIN, "issuer '" + top.issuer() + "' of " + label(top)
                    + " was not served and is not a trust anchor"));
        }
        if (!path.ordered()) {
            findings.add(Finding.of(FindingCode.CHAIN_ORDER, chainOrderDetail(path, infos)));
        }
        for (int i = 0; i < infos.size(); i++) {
            String weakKey = WeaknessRules.weakKey(infos.get(i));
            if (weakKey != null) {
                findings.add(Finding.of(FindingCode.WEAK_KEY, weakKey + " in " + position(i) + " " + label(infos.get(i))));
            }
        }
        for (int i = 0; i < infos.size(); i++) {
            // a self-signed certificate's signature protects nothing: trust in it comes from being an anchor
            String weakSignature = selfSigned.get(i) ? null : WeaknessRules.weakSignature(sigAlgOid(served.get(i)));
            if (weakSignature != null) {
                findings.add(Finding.of(FindingCode.WEAK_SIGNATURE, weakSignature + " signature on " + position(i)
                        + " " + label(infos.get(i))));
            }
        }
        return new ChainFacts(List.copyOf(infos), List.copyOf(selfSigned), path, selfSignedFinding,
                List.copyOf(findings), from, until, weight);
    }

    /**
     * The PKIX verdict at {@code date}. While every served certificate is valid at {@code date},
     * nothing in PKIX validation depends on the date any more (each validity check passes, trust
     * anchors are not date-checked, revocation is off), so the verdict is computed once and kept;
     * outside that window it is computed afresh from {@code served}, the same chain.
     */
    PkixTrust.Result trust(List<X509Certificate> served, TrustAnchors anchors, Instant date) {
        if (date.isBefore(allValidFrom) || date.isAfter(allValidUntil)) {
            return PkixTrust.validate(served, anchors, date);
        }
        PkixTrust.Result known = trustWhileAllValid;
        if (known == null) {
            known = PkixTrust.validate(served, anchors, date);
            trustWhileAllValid = known;
        }
        return known;
    }

    private static String sigAlgOid(X509Certificate cert) {
        try {
            return cert.getSigAlgOID();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String chainOrderDetail(ServedChainPath path, List<CertificateInfo> infos) {
        List<String> unused = new ArrayList<>();
        for (int i = 0; i < infos.size(); i++) {
            if (!path.path().contains(i)) {
                unused.add("#" + i + " " + label(infos.get(i)));
            }
        }
        return unused.isEmpty()
                ? "certificates served out of issuing order (path " + path.path() + ")"
                : "served certificates not in the leaf's chain: " + CertificateAnalyzer.shortList(unused);
    }

    private static String position(int index) {
        return index == 0 ? "leaf" : "chain certificate #" + index;
    }

    /** Short human handle for a certificate: its CN, else its first DNS name, else its subject DN. */
    static String label(CertificateInfo info) {
        if (info.subjectCn() != null) {
            return "'" + info.subjectCn() + "'";
        }
        if (!info.sanDns().isEmpty()) {
            return "'" + info.sanDns().get(0) + "'";
        }
        return "'" + info.subject() + "'";
    }
}
