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
 * Costs one PKIX build and a few signature verifications per call; never makes network requests.
 */
public final class CertificateAnalyzer {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    /** Enough names to recognise a certificate in a finding without copying a 5,000-name SAN into it. */
    private static final int NAMES_IN_DETAIL = 5;

    private final TrustAnchors anchors;

    public CertificateAnalyzer(TrustAnchors anchors) {
        this.anchors = Objects.requireNonNull(anchors, "anchors");
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
        List<CertificateInfo> infos = new ArrayList<>(servedChain.size());
        List<Boolean> selfSigned = new ArrayList<>(servedChain.size());
        for (X509Certificate cert : servedChain) {
            CertificateInfo info = CertificateInspector.inspect(cert, now);
            infos.add(info);
            selfSigned.add(info.selfSigned());
        }
        CertificateInfo leaf = infos.get(0);

        String nameChecked = name != null && !name.isBlank() ? name : ip == null ? null : NetUtil.toAddressString(ip);
        boolean hostnameMatch = HostnameMatcher.matches(nameChecked, leaf.sanDns(), leaf.sanIp(), leaf.subjectCn());
        boolean expired = now.isAfter(leaf.notAfter());
        boolean notYetValid = now.isBefore(leaf.notBefore());
        ServedChainPath path = ServedChainPath.walk(servedChain, selfSigned, anchors);
        // Trust is judged at a moment inside the leaf's validity, so an expired certificate from a
        // trusted CA reads "expired", not also "untrusted": operators need the cause, not its echo.
        // While the leaf is valid this is simply now (an expired intermediate still fails).
        Instant trustDate = expired ? leaf.notAfter() : notYetValid ? leaf.notBefore() : now;
        PkixTrust.Result trust = PkixTrust.validate(servedChain, anchors, trustDate);
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
        if (leaf.selfSigned()) {
            findings.add(Finding.of(FindingCode.SELF_SIGNED, "leaf certificate " + label(leaf) + " is self-signed"));
        }
        if (!trust.trusted()) {
            findings.add(Finding.of(FindingCode.UNTRUSTED, "chain does not validate to a trusted root: " + trust.reason()));
        }
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
            String weakSignature = selfSigned.get(i) ? null : WeaknessRules.weakSignature(sigAlgOid(servedChain.get(i)));
            if (weakSignature != null) {
                findings.add(Finding.of(FindingCode.WEAK_SIGNATURE, weakSignature + " signature on " + position(i)
                        + " " + label(infos.get(i))));
            }
        }
        return new ChainReport(leaf, List.copyOf(infos.subList(1, infos.size())), verdict, List.copyOf(findings));
    }

    private static String sigAlgOid(X509Certificate cert) {
        try {
            return cert.getSigAlgOID();
        } catch (RuntimeException e) {
            return null;
        }
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

    private static String chainOrderDetail(ServedChainPath path, List<CertificateInfo> infos) {
        List<String> unused = new ArrayList<>();
        for (int i = 0; i < infos.size(); i++) {
            if (!path.path().contains(i)) {
                unused.add("#" + i + " " + label(infos.get(i)));
            }
        }
        return unused.isEmpty()
                ? "certificates served out of issuing order (path " + path.path() + ")"
                : "served certificates not in the leaf's chain: " + shortList(unused);
    }

    private static String shortList(List<String> names) {
        if (names.size() <= NAMES_IN_DETAIL) {
            return names.toString();
        }
        return names.subList(0, NAMES_IN_DETAIL) + " and " + (names.size() - NAMES_IN_DETAIL) + " more";
    }

    private static String position(int index) {
        return index == 0 ? "leaf" : "chain certificate #" + index;
    }

    /** Short human handle for a certificate: its CN, else its first DNS name, else its subject DN. */
    private static String label(CertificateInfo info) {
        if (info.subjectCn() != null) {
            return "'" + info.subjectCn() + "'";
        }
        if (!info.sanDns().isEmpty()) {
            return "'" + info.sanDns().get(0) + "'";
        }
        return "'" + info.subject() + "'";
    }

    private static String days(long count) {
        return count == 1 ? "1 day" : count + " days";
    }
}
