package io.tlsweep.core.analysis;

import io.netty.util.NetUtil;
import io.tlsweep.core.result.CertVerdict;
import io.tlsweep.core.result.CertificateInfo;
import io.tlsweep.core.result.ChainReport;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.FindingCode;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything tlsweep says about a served certificate chain: per-certificate facts, the verdicts,
 * and the findings (rules in docs/certificates.md). Immutable and thread-safe: build one per scan
 * and share it between worker threads.
 *
 * <pre>{@code
 * CertificateAnalyzer analyzer = new CertificateAnalyzer(TrustAnchors.jdkDefaults());
 * ChainReport report = analyzer.analyze(peerChain, target.sni(), target.ip(), Instant.now());
 * }</pre>
 *
 * A chain never seen before costs one PKIX build and a few signature verifications; a chain seen
 * recently (the same certificates, byte for byte) costs only the name and date checks, because its
 * chain-only facts are kept ({@link ChainFactsCache}); the report is the same either way. Never
 * makes network requests.
 */
public final class CertificateAnalyzer {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    /** Enough names to recognise a certificate in a finding without copying a 5,000-name SAN into it. */
    private static final int NAMES_IN_DETAIL = 5;

    private final TrustAnchors anchors;
    /** Null for an analyzer that recomputes everything per call ({@link #uncached}). */
    private final ChainFactsCache cache;

    /** An analyzer that keeps the facts of recently seen chains ({@link ChainFactsCache}). */
    public CertificateAnalyzer(TrustAnchors anchors) {
        this(anchors, new ChainFactsCache());
    }

    private CertificateAnalyzer(TrustAnchors anchors, ChainFactsCache cache) {
        this.anchors = Objects.requireNonNull(anchors, "anchors");
        this.cache = cache;
    }

    /**
     * An analyzer that parses and checks every chain afresh: the same reports for more CPU. For
     * tests and benchmarks that measure the cost of a chain never seen before.
     */
    public static CertificateAnalyzer uncached(TrustAnchors anchors) {
        return new CertificateAnalyzer(anchors, null);
    }

    /**
     * @param servedChain the certificates exactly as the server sent them, leaf first; at least one
     * @param name        the SNI / hostname asked for, or null for a bare-IP target
     * @param ip          the address connected to; its literal is the name checked when {@code name} is null
     * @param now         the scan time all validity checks use
     */
    public ChainReport analyze(List<X509Certificate> servedChain, String name, InetAddress ip, Instant now) {
        if (servedChain.isEmpty()) {
            throw new IllegalArgumentException("a served chain has at least the leaf");
        }
        return report(servedChain, facts(servedChain), name, ip, now);
    }

    /** The chain-only facts, from the cache when this chain was seen before. */
    private ChainFacts facts(List<X509Certificate> servedChain) {
        List<byte[]> ders = new ArrayList<>(servedChain.size());
        boolean encodable = true;
        for (X509Certificate cert : servedChain) {
            byte[] der = CertificateInspector.encoded(cert);
            encodable &= der.length > 0;
            ders.add(der);
        }
        if (cache == null || !encodable) {
            return ChainFacts.of(servedChain, ders, anchors);
        }
        ChainFactsCache.Key key = ChainFactsCache.key(ders);
        ChainFacts facts = cache.get(key);
        if (facts == null) {
            facts = ChainFacts.of(servedChain, ders, anchors);
            cache.put(key, facts);
        }
        return facts;
    }

    /** What depends on the name and the clock, on top of the chain's facts. */
    private ChainReport report(List<X509Certificate> servedChain, ChainFacts facts, String name, InetAddress ip,
                               Instant now) {
        List<CertificateInfo> infos = new ArrayList<>(facts.infos.size());
        for (CertificateInfo info : facts.infos) {
            infos.add(withDaysLeft(info, CertificateInspector.daysLeft(info.notAfter(), now)));
        }
        CertificateInfo leaf = infos.get(0);

        String nameChecked = name != null && !name.isBlank() ? name : ip == null ? null : NetUtil.toAddressString(ip);
        boolean hostnameMatch = HostnameMatcher.matches(nameChecked, leaf.sanDns(), leaf.sanIp(), leaf.subjectCn());
        boolean expired = now.isAfter(leaf.notAfter());
        boolean notYetValid = now.isBefore(leaf.notBefore());
        ServedChainPath path = facts.path;
        // Trust is judged at a moment inside the leaf's validity, so an expired certificate from a
        // trusted CA reads "expired", not also "untrusted": operators need the cause, not its echo.
        // While the leaf is valid this is simply now (an expired intermediate still fails).
        Instant trustDate = expired ? leaf.notAfter() : notYetValid ? leaf.notBefore() : now;
        PkixTrust.Result trust = facts.trust(servedChain, anchors, trustDate);
        CertVerdict verdict = new CertVerdict(nameChecked, hostnameMatch, expired, notYetValid, leaf.selfSigned(),
                trust.trusted(), path.complete(), path.ordered());

        List<Finding> findings = new ArrayList<>();
        if (expired) {
            long daysAgo = CertificateInspector.daysLeft(now, leaf.notAfter());
            findings.add(Finding.of(FindingCode.EXPIRED, "certificate expired " + DAY.format(leaf.notAfter())
                    + " (" + days(daysAgo) + " ago)"));
        }
        if (notYetValid) {
            long daysAhead = CertificateInspector.daysLeft(leaf.notBefore(), now);
            findings.add(Finding.of(FindingCode.NOT_YET_VALID, "certificate not valid before "
                    + DAY.format(leaf.notBefore()) + " (in " + days(daysAhead) + ")"));
        }
        if (!hostnameMatch) {
            findings.add(Finding.of(FindingCode.NAME_MISMATCH, nameMismatchDetail(nameChecked, leaf)));
        }
        if (facts.selfSignedFinding != null) {
            findings.add(facts.selfSignedFinding);
        }
        if (!trust.trusted()) {
            findings.add(Finding.of(FindingCode.UNTRUSTED, "chain does not validate to a trusted root: " + trust.reason()));
        }
        findings.addAll(facts.chainFindings);
        return new ChainReport(leaf, List.copyOf(infos.subList(1, infos.size())), verdict, List.copyOf(findings));
    }

    private static CertificateInfo withDaysLeft(CertificateInfo i, long daysLeft) {
        return new CertificateInfo(i.subject(), i.subjectCn(), i.issuer(), i.issuerCn(), i.sanDns(), i.sanIp(),
                i.sanEmail(), i.serial(), i.notBefore(), i.notAfter(), daysLeft, i.keyAlgorithm(), i.keySize(),
                i.keyCurve(), i.signatureAlgorithm(), i.sha256(), i.sha1(), i.isCa(), i.selfSigned(), i.wildcard());
    }

    private static String nameMismatchDetail(String nameChecked, CertificateInfo leaf) {
        if (nameChecked == null) {
            return "no name or address to check the certificate against";
        }
        List<String> names = new ArrayList<>(leaf.sanDns());
        names.addAll(leaf.sanIp());
        if (leaf.sanDns().isEmpty() && leaf.subjectCn() != null) {
            names.add("CN=" + leaf.subjectCn());
        }
        return "'" + nameChecked + "' does not match the certificate names " + shortList(names);
    }

    static String shortList(List<String> names) {
        if (names.size() <= NAMES_IN_DETAIL) {
            return names.toString();
        }
        return names.subList(0, NAMES_IN_DETAIL) + " and " + (names.size() - NAMES_IN_DETAIL) + " more";
    }

    private static String days(long count) {
        return count == 1 ? "1 day" : count + " days";
    }
}
