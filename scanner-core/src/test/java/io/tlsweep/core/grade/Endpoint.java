package io.tlsweep.core.grade;

import io.tlsweep.core.result.CertVerdict;
import io.tlsweep.core.result.CertificateInfo;
import io.tlsweep.core.result.ChainReport;
import io.tlsweep.core.result.EnumerationInfo;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.FindingCode;
import io.tlsweep.core.result.Grade;
import io.tlsweep.core.result.TlsExtensionSupport;
import io.tlsweep.core.result.VersionEnumeration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A synthetic endpoint for grading tests, built the way the enumeration and the analyzer would
 * report it. {@link #modern()} is a TLS 1.2 + 1.3, ECDHE-only server with a P-256 certificate;
 * each test changes one thing.
 */
final class Endpoint {

    private static final List<String> ORDER = List.of("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private final Map<Integer, VersionEnumeration> versions = new TreeMap<>();
    private final List<Finding> findings = new ArrayList<>();
    private final List<Finding> certFindings = new ArrayList<>();
    private boolean complete = true;
    private boolean withCerts = true;
    private String keyAlgorithm = "EC";
    private int keySize = 256;
    private Boolean secureRenegotiation = true;
    private Boolean fallbackScsv = true;
    private Boolean compression = false;

    static Endpoint modern() {
        return new Endpoint()
                .version("TLSv1.2", List.of("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
                        List.of("x25519", "secp256r1"), null)
                .version("TLSv1.3", List.of("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                        "TLS_AES_128_GCM_SHA256"), List.of("X25519MLKEM768", "x25519", "secp256r1"), null);
    }

    static Endpoint empty() {
        return new Endpoint();
    }

    /** Adds or replaces what the server accepts at {@code version}. */
    Endpoint version(String version, List<String> suites, List<String> groups, Integer dhBits) {
        int rank = ORDER.indexOf(version);
        if (rank < 0) {
            throw new IllegalArgumentException(version);
        }
        versions.put(rank, new VersionEnumeration(version, suites, true, suites.size() < 2 ? null : true,
                suites.isEmpty() ? null : suites.get(0), groups, dhBits));
        return this;
    }

    /** Adds suites to an accepted version, keeping its groups. */
    Endpoint plusSuites(String version, String... suites) {
        VersionEnumeration v = versions.get(ORDER.indexOf(version));
        List<String> all = new ArrayList<>(v.suites());
        all.addAll(List.of(suites));
        return version(version, all, v.groups(), v.dhBits());
    }

    Endpoint dhBits(String version, int bits) {
        VersionEnumeration v = versions.get(ORDER.indexOf(version));
        return version(version, v.suites(), v.groups(), bits);
    }

    Endpoint groups(String version, String... groups) {
        VersionEnumeration v = versions.get(ORDER.indexOf(version));
        return version(version, v.suites(), List.of(groups), v.dhBits());
    }

    Endpoint without(String version) {
        versions.remove(ORDER.indexOf(version));
        return this;
    }

    Endpoint finding(FindingCode code) {
        findings.add(Finding.of(code, "synthetic"));
        return this;
    }

    /** A finding that only the chain report carries (the grader must read both lists). */
    Endpoint certFinding(FindingCode code) {
        certFindings.add(Finding.of(code, "synthetic"));
        return this;
    }

    Endpoint leaf(String algorithm, int bits) {
        keyAlgorithm = algorithm;
        keySize = bits;
        return this;
    }

    Endpoint noCerts() {
        withCerts = false;
        return this;
    }

    Endpoint incomplete() {
        complete = false;
        return this;
    }

    Endpoint extensions(Boolean secureRenegotiation, Boolean fallbackScsv, Boolean compression) {
        this.secureRenegotiation = secureRenegotiation;
        this.fallbackScsv = fallbackScsv;
        this.compression = compression;
        return this;
    }

    EnumerationInfo enumeration() {
        List<VersionEnumeration> per = new ArrayList<>(versions.values());
        return new EnumerationInfo("full", 42, complete, per.stream().map(VersionEnumeration::version).toList(), per,
                new TlsExtensionSupport(secureRenegotiation, true, false, true, compression, false, fallbackScsv));
    }

    List<Finding> findings() {
        return List.copyOf(findings);
    }

    ChainReport certs() {
        if (!withCerts) {
            return null;
        }
        CertificateInfo leaf = new CertificateInfo("CN=www.example.test", "www.example.test",
                "CN=Example Issuing CA", "Example Issuing CA", List.of("www.example.test"), List.of(), List.of(),
                "3a0f5c", Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-12-30T23:59:59Z"), 35,
                keyAlgorithm, keySize, "EC".equals(keyAlgorithm) ? "P-" + keySize : null, "SHA256withECDSA",
                "5f".repeat(32), "a1".repeat(20), false, false, false);
        CertVerdict verdict = new CertVerdict("www.example.test", true, false, false, false, true, true, true);
        return new ChainReport(leaf, List.of(), verdict, List.copyOf(certFindings));
    }

    Grade grade(Grader grader) {
        return grader.grade(enumeration(), findings(), certs());
    }
}
