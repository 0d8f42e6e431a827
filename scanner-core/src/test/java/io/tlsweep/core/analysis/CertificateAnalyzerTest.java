package io.tlsweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.BadInputException;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.result.CertVerdict;
import io.tlsweep.core.result.CertificateInfo;
import io.tlsweep.core.result.ChainReport;
import io.tlsweep.core.result.Finding;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAnalyzerTest {

    private static final TestPki PKI = TestPki.create("analyzer");
    private static final CertificateAnalyzer ANALYZER =
            new CertificateAnalyzer(TrustAnchors.of(List.of(PKI.root().certificate())));
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static ChainReport analyze(List<X509Certificate> chain, String name) {
        return ANALYZER.analyze(chain, name, LOOPBACK, Instant.now());
    }

    private static List<String> codes(ChainReport report) {
        return report.findings().stream().map(Finding::code).toList();
    }

    private static String detail(ChainReport report, String code) {
        return report.findings().stream().filter(f -> f.code().equals(code)).findFirst().orElseThrow().detail();
    }

    @Test
    void good_chain_has_every_verdict_true_and_no_findings() throws Exception {
        HeldCertificate leaf = PKI.leaf().commonName("good.lab.test")
                .dnsNames("good.lab.test", "*.good.lab.test").ipAddresses("127.0.0.10").build();
        Instant now = Instant.now();
        ChainReport report = ANALYZER.analyze(leaf.chain(), "good.lab.test", LOOPBACK, now);

        assertEquals(new CertVerdict("good.lab.test", true, false, false, false, true, true, true), report.verdict());
        assertEquals(List.of(), report.findings());
        CertificateInfo info = report.leaf();
        X509Certificate cert = leaf.certificate();
        assertEquals("CN=good.lab.test", info.subject());
        assertEquals("good.lab.test", info.subjectCn());
        assertEquals("CN=analyzer Intermediate CA,O=tlsweep lab", info.issuer());
        assertEquals("analyzer Intermediate CA", info.issuerCn());
        assertEquals(List.of("good.lab.test", "*.good.lab.test"), info.sanDns());
        assertEquals(List.of("127.0.0.10"), info.sanIp());
        assertEquals(List.of(), info.sanEmail());
        assertEquals(cert.getSerialNumber().toString(16), info.serial());
        assertFalse(info.serial().startsWith("0"));
        assertEquals(cert.getNotAfter().toInstant(), info.notAfter());
        assertEquals(cert.getNotBefore().toInstant(), info.notBefore());
        assertEquals(Math.floorDiv(Duration.between(now, info.notAfter()).getSeconds(), 86_400), info.daysLeft());
        assertEquals(89, info.daysLeft());
        assertEquals("EC", info.keyAlgorithm());
        assertEquals(256, info.keySize());
        assertEquals("P-256", info.keyCurve());
        assertEquals("SHA256withECDSA", info.signatureAlgorithm());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded())), info.sha256());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(cert.getEncoded())), info.sha1());
        assertFalse(info.isCa());
        assertFalse(info.selfSigned());
        assertTrue(info.wildcard());

        assertEquals(1, report.chain().size());
        CertificateInfo inter = report.chain().get(0);
        assertTrue(inter.isCa());
        assertFalse(inter.selfSigned());
        assertEquals("P-256", inter.keyCurve());
        assertEquals("analyzer Root CA", inter.issuerCn());
    }

    @Test
    void expired_leaf() {
        Instant now = Instant.parse("2030-01-14T12:00:00Z");
        HeldCertificate leaf = PKI.leaf().dnsNames("old.lab.test")
                .validity(Instant.parse("2029-01-01T00:00:00Z"), Instant.parse("2030-01-02T00:00:00Z")).build();
        ChainReport report = ANALYZER.analyze(leaf.chain(), "old.lab.test", LOOPBACK, now);
        assertTrue(report.verdict().expired());
        assertEquals(List.of("expired"), codes(report), "a trusted CA's expired leaf is expired, not also untrusted");
        assertTrue(report.verdict().trusted());
        assertEquals("certificate expired 2030-01-02 (12 days ago)", detail(report, "expired"));
        assertEquals(-13, report.leaf().daysLeft(), "floor of -12.5 days");
    }

    @Test
    void not_yet_valid_leaf() {
        Instant now = Instant.now();
        HeldCertificate leaf = PKI.leaf().dnsNames("future.lab.test")
                .validity(now.plus(Duration.ofDays(3)).plusSeconds(60), now.plus(Duration.ofDays(30))).build();
        ChainReport report = ANALYZER.analyze(leaf.chain(), "future.lab.test", LOOPBACK, now);
        assertTrue(report.verdict().notYetValid());
        assertFalse(report.verdict().expired());
        assertEquals(List.of("not_yet_valid"), codes(report));
        assertTrue(report.verdict().trusted());
        assertTrue(detail(report, "not_yet_valid").endsWith("(in 3 days)"), detail(report, "not_yet_valid"));
    }

    @Test
    void wrong_name() {
        HeldCertificate leaf = PKI.leaf().dnsNames("good.lab.test").build();
        ChainReport report = analyze(leaf.chain(), "other.lab.test");
        assertEquals("other.lab.test", report.verdict().nameChecked());
        assertFalse(report.verdict().hostnameMatch());
        assertTrue(report.verdict().trusted());
        assertEquals(List.of("name_mismatch"), codes(report));
        assertEquals("'other.lab.test' does not match the certificate names [good.lab.test]",
                detail(report, "name_mismatch"));
    }

    @Test
    void self_signed_leaf() {
        HeldCertificate leaf = PKI.leaf().commonName("self.lab.test").dnsNames("self.lab.test").selfSigned().build();
        ChainReport report = analyze(leaf.chain(), "self.lab.test");
        CertVerdict verdict = report.verdict();
        assertTrue(verdict.selfSigned());
        assertTrue(report.leaf().selfSigned());
        assertFalse(verdict.trusted());
        assertTrue(verdict.chainComplete());
        assertTrue(verdict.chainOrdered());
        assertEquals(List.of("self_signed", "untrusted"), codes(report));
    }

    @Test
    void same_name_as_issuer_but_other_key_is_not_self_signed() {
        // subject == issuer by name, but signed by the intermediate: the name test alone would lie
        HeldCertificate leaf = PKI.leaf().commonName("analyzer Intermediate CA").build();
        assertEquals(leaf.certificate().getSubjectX500Principal().getName(),
                "CN=analyzer Intermediate CA");
        assertFalse(analyze(leaf.chain(), null).leaf().selfSigned());
    }

    @Test
    void self_signed_leaf_trusted_by_ca_file_is_trusted_but_still_self_signed() {
        HeldCertificate leaf = PKI.leaf().commonName("pinned.lab.test").dnsNames("pinned.lab.test").selfSigned().build();
        CertificateAnalyzer pinned = new CertificateAnalyzer(TrustAnchors.of(List.of(leaf.certificate())));
        ChainReport report = pinned.analyze(leaf.chain(), "pinned.lab.test", LOOPBACK, Instant.now());
        assertTrue(report.verdict().trusted());
        assertEquals(List.of("self_signed"), codes(report));
    }

    @Test
    void missing_intermediate() {
        HeldCertificate leaf = PKI.leaf().dnsNames("lonely.lab.test").build();
        ChainReport report = analyze(List.of(leaf.certificate()), "lonely.lab.test");
        assertFalse(report.verdict().chainComplete());
        assertFalse(report.verdict().trusted());
        assertTrue(report.verdict().chainOrdered(), "nothing extra and nothing out of order was served");
        assertEquals(List.of("untrusted", "incomplete_chain"), codes(report));
        assertEquals("issuer 'CN=analyzer Intermediate CA,O=tlsweep lab' of 'lonely.lab.test' was not served"
                + " and is not a trust anchor", detail(report, "incomplete_chain"));
    }

    @Test
    void leaf_issued_by_the_anchor_directly_is_complete() {
        HeldCertificate leaf = PKI.leaf().dnsNames("direct.lab.test").issuedBy(PKI.root()).build();
        ChainReport report = analyze(leaf.chain(), "direct.lab.test");
        assertEquals(List.of(), report.findings());
    }

    @Test
    void served_root_is_part_of_the_chain_not_an_extra() {
        HeldCertificate leaf = PKI.leaf().dnsNames("full.lab.test").build();
        List<X509Certificate> withRoot = new ArrayList<>(leaf.chain());
        withRoot.add(PKI.root().certificate());
        ChainReport report = analyze(withRoot, "full.lab.test");
        assertEquals(List.of(), report.findings());
        assertTrue(report.chain().get(1).selfSigned());
    }

    @Test
    void reversed_order() {
        HeldCertificate inter2 = PKI.newIntermediate("second level CA", PKI.intermediate());
        HeldCertificate leaf = PKI.leaf().dnsNames("deep.lab.test").issuedBy(inter2).build();
        assertEquals(3, leaf.chain().size());
        List<X509Certificate> reversed = List.of(leaf.certificate(), PKI.intermediate().certificate(),
                inter2.certificate());
        ChainReport report = analyze(reversed, "deep.lab.test");
        assertTrue(report.verdict().trusted(), "path building tolerates order");
        assertTrue(report.verdict().chainComplete());
        assertFalse(report.verdict().chainOrdered());
        assertEquals(List.of("chain_order"), codes(report));
        assertEquals("certificates served out of issuing order (path [0, 2, 1])", detail(report, "chain_order"));
        assertEquals(List.of(), analyze(leaf.chain(), "deep.lab.test").findings());
    }

    @Test
    void extra_unrelated_certificate() {
        HeldCertificate leaf = PKI.leaf().dnsNames("extra.lab.test").build();
        HeldCertificate stranger = TestPki.create("stranger").intermediate();
        List<X509Certificate> served = new ArrayList<>(leaf.chain());
        served.add(stranger.certificate());
        ChainReport report = analyze(served, "extra.lab.test");
        assertTrue(report.verdict().trusted());
        assertTrue(report.verdict().chainComplete());
        assertFalse(report.verdict().chainOrdered());
        assertEquals(List.of("chain_order"), codes(report));
        assertEquals("served certificates not in the leaf's chain: [#2 'stranger Intermediate CA']",
                detail(report, "chain_order"));
    }

    @Test
    void rsa_1024_is_a_weak_key() {
        HeldCertificate leaf = PKI.leaf().dnsNames("weak.lab.test").rsa(1024).build();
        ChainReport report = analyze(leaf.chain(), "weak.lab.test");
        assertEquals("RSA", report.leaf().keyAlgorithm());
        assertEquals(1024, report.leaf().keySize());
        assertNull(report.leaf().keyCurve());
        assertEquals(List.of("weak_key"), codes(report));
        assertEquals("RSA 1024-bit key (minimum 2048) in leaf 'weak.lab.test'", detail(report, "weak_key"));
        assertEquals(List.of(), analyze(PKI.leaf().dnsNames("ok.lab.test").rsa(2048).build().chain(),
                "ok.lab.test").findings());
    }

    @Test
    void sha1_with_rsa_is_a_weak_signature() {
        HeldCertificate rsaCa = PKI.leaf().commonName("RSA CA").rsa(2048).certificateAuthority()
                .issuedBy(PKI.root()).build();
        HeldCertificate leaf = PKI.leaf().dnsNames("sha1.lab.test").signatureAlgorithm("SHA1withRSA")
                .issuedBy(rsaCa).build();
        ChainReport report = analyze(leaf.chain(), "sha1.lab.test");
        assertEquals("SHA1withRSA", report.leaf().signatureAlgorithm());
        assertTrue(codes(report).contains("weak_signature"), codes(report).toString());
        assertEquals("SHA1withRSA signature on leaf 'sha1.lab.test'", detail(report, "weak_signature"));
    }

    @Test
    void sha1_on_a_self_signed_root_is_not_a_weak_signature() {
        HeldCertificate root = PKI.leaf().commonName("old root").rsa(2048).certificateAuthority()
                .signatureAlgorithm("SHA1withRSA").selfSigned().build();
        HeldCertificate leaf = PKI.leaf().dnsNames("under-old-root.lab.test").issuedBy(root).build();
        List<X509Certificate> served = List.of(leaf.certificate(), root.certificate());
        CertificateAnalyzer analyzer = new CertificateAnalyzer(TrustAnchors.of(List.of(root.certificate())));
        ChainReport report = analyzer.analyze(served, "under-old-root.lab.test", LOOPBACK, Instant.now());
        assertEquals(List.of(), report.findings());
        assertEquals("SHA1withRSA", report.chain().get(0).signatureAlgorithm());
    }

    @Test
    void ip_target_matches_ip_san_only() throws Exception {
        HeldCertificate leaf = PKI.leaf().commonName("127.0.0.10").dnsNames("good.lab.test")
                .ipAddresses("127.0.0.10", "::1").build();
        ChainReport v4 = ANALYZER.analyze(leaf.chain(), null, InetAddress.getByName("127.0.0.10"), Instant.now());
        assertEquals("127.0.0.10", v4.verdict().nameChecked());
        assertTrue(v4.verdict().hostnameMatch());
        assertEquals(List.of("127.0.0.10", "::1"), v4.leaf().sanIp());

        ChainReport v6 = ANALYZER.analyze(leaf.chain(), null, InetAddress.getByName("::1"), Instant.now());
        assertTrue(v6.verdict().hostnameMatch(), v6.verdict().nameChecked());

        ChainReport other = ANALYZER.analyze(leaf.chain(), null, InetAddress.getByName("127.0.0.11"), Instant.now());
        assertEquals(List.of("name_mismatch"), codes(other));

        HeldCertificate cnOnly = PKI.leaf().commonName("127.0.0.12").build();
        ChainReport cn = ANALYZER.analyze(cnOnly.chain(), null, InetAddress.getByName("127.0.0.12"), Instant.now());
        assertFalse(cn.verdict().hostnameMatch(), "an IP never matches the CN");
    }

    @Test
    void empty_subject_with_san_only() {
        HeldCertificate leaf = PKI.leaf().dnsNames("caddy.lab.test").emailAddresses("ops@lab.test").build();
        ChainReport report = analyze(leaf.chain(), "caddy.lab.test");
        assertEquals("", report.leaf().subject());
        assertNull(report.leaf().subjectCn());
        assertEquals(List.of("ops@lab.test"), report.leaf().sanEmail());
        assertEquals(List.of(), report.findings());
    }

    @Test
    void huge_san_list_is_handled_and_the_detail_stays_short() {
        String[] names = new String[5000];
        for (int i = 0; i < names.length; i++) {
            names[i] = "host" + i + ".lab.test";
        }
        HeldCertificate leaf = PKI.leaf().dnsNames(names).build();
        ChainReport report = analyze(leaf.chain(), "absent.lab.test");
        assertEquals(5000, report.leaf().sanDns().size());
        assertTrue(detail(report, "name_mismatch").endsWith("and 4995 more"), detail(report, "name_mismatch"));
        assertTrue(analyze(leaf.chain(), "host4999.lab.test").verdict().hostnameMatch());
    }

    @Test
    void jdk_defaults_do_not_trust_the_test_root() {
        TrustAnchors defaults = TrustAnchors.jdkDefaults();
        assertTrue(defaults.size() > 10, "the JDK ships public roots: " + defaults.size());
        HeldCertificate leaf = PKI.leaf().dnsNames("good.lab.test").build();
        ChainReport report = new CertificateAnalyzer(defaults).analyze(leaf.chain(), "good.lab.test", LOOPBACK,
                Instant.now());
        assertFalse(report.verdict().trusted());
        assertFalse(report.verdict().chainComplete());
        assertEquals(List.of("untrusted", "incomplete_chain"), codes(report));
    }

    @Test
    void ca_file_replaces_the_jdk_roots(@TempDir Path dir) throws Exception {
        Path caFile = dir.resolve("ca.pem");
        Files.writeString(caFile, "# lab root, with text around it as in OpenSSL bundles\n"
                + PKI.root().certificatePem() + "\n" + PKI.intermediate().keyPair().getPublic() + "\n");
        TrustAnchors anchors = TrustAnchors.fromPemFile(caFile);
        assertEquals(List.of(PKI.root().certificate()), anchors.certificates());
        HeldCertificate leaf = PKI.leaf().dnsNames("good.lab.test").build();
        ChainReport report = new CertificateAnalyzer(anchors).analyze(leaf.chain(), "good.lab.test", LOOPBACK,
                Instant.now());
        assertTrue(report.verdict().trusted());
        assertEquals(List.of(), report.findings());
    }

    @Test
    void bad_ca_files_are_bad_input(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.pem");
        BadInputException notThere = assertThrows(BadInputException.class, () -> TrustAnchors.fromPemFile(missing));
        assertTrue(notThere.getMessage().startsWith("cannot read CA file '" + missing + "': "), notThere.getMessage());
        assertFalse(notThere.getMessage().contains("\n"));

        Path empty = dir.resolve("empty.pem");
        Files.writeString(empty, "no pem here\n");
        BadInputException none = assertThrows(BadInputException.class, () -> TrustAnchors.fromPemFile(empty));
        assertEquals("no certificates in CA file '" + empty + "'", none.getMessage());

        Path broken = dir.resolve("broken.pem");
        Files.writeString(broken, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        BadInputException bad = assertThrows(BadInputException.class, () -> TrustAnchors.fromPemFile(broken));
        assertTrue(bad.getMessage().startsWith("cannot read CA file '" + broken + "': "), bad.getMessage());
    }

    @Test
    void empty_served_chain_is_a_caller_bug() {
        assertThrows(IllegalArgumentException.class, () -> analyze(List.of(), "x"));
    }
}
