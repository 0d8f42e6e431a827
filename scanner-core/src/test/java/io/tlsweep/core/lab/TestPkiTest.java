package io.tlsweep.core.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestPkiTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;

    private final TestPki pki = TestPki.create("unit");

    @Test
    void cas_are_ec_cas_signed_in_a_chain() throws Exception {
        X509Certificate root = pki.root().certificate();
        X509Certificate inter = pki.intermediate().certificate();
        root.verify(root.getPublicKey());
        inter.verify(root.getPublicKey());
        assertEquals(root.getSubjectX500Principal(), inter.getIssuerX500Principal());
        assertEquals("CN=unit Root CA,O=tlsweep lab", root.getSubjectX500Principal().getName());
        for (X509Certificate ca : List.of(root, inter)) {
            assertEquals("EC", ca.getPublicKey().getAlgorithm());
            assertEquals("SHA256withECDSA", ca.getSigAlgName());
            assertTrue(ca.getBasicConstraints() >= 0, "CA=true");
            assertTrue(ca.getKeyUsage()[KEY_CERT_SIGN] && ca.getKeyUsage()[CRL_SIGN]);
            assertTrue(ca.getCriticalExtensionOIDs().contains("2.5.29.19"));
            assertEquals(1, ca.getSerialNumber().signum());
            assertTrue(ca.getSerialNumber().bitLength() == 128);
        }
        assertEquals(List.of(root), pki.root().chain());
        assertEquals(List.of(inter), pki.intermediate().chain());
    }

    @Test
    void default_leaf_is_an_ec_server_certificate_from_the_intermediate() throws Exception {
        HeldCertificate leaf = pki.leaf().commonName("good.lab.test")
                .dnsNames("good.lab.test", "*.good.lab.test").ipAddresses("127.0.0.10", "::1").build();
        X509Certificate cert = leaf.certificate();
        cert.verify(pki.intermediate().certificate().getPublicKey());
        cert.checkValidity();
        assertEquals("CN=good.lab.test", cert.getSubjectX500Principal().getName());
        assertEquals(-1, cert.getBasicConstraints());
        assertTrue(cert.getKeyUsage()[DIGITAL_SIGNATURE]);
        assertFalse(cert.getKeyUsage()[KEY_ENCIPHERMENT]);
        assertEquals(List.of(SERVER_AUTH), cert.getExtendedKeyUsage());
        assertTrue(cert.getNonCriticalExtensionOIDs().containsAll(List.of("2.5.29.14", "2.5.29.35")));
        assertEquals(List.of(List.of(2, "good.lab.test"), List.of(2, "*.good.lab.test"),
                        List.of(7, "127.0.0.10"), List.of(7, "0:0:0:0:0:0:0:1")),
                cert.getSubjectAlternativeNames().stream().map(List::copyOf).toList());
        assertEquals(List.of(cert, pki.intermediate().certificate()), leaf.chain());
        Duration lifetime = Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
        assertEquals(91, lifetime.toDays());
        assertNotEquals(pki.leaf().build().certificate().getSerialNumber(), pki.leaf().build().certificate().getSerialNumber());
    }

    @Test
    void rsa_1024_sha1_self_signed_and_root_issued_variants() throws Exception {
        HeldCertificate weak = pki.leaf().rsa(1024).selfSigned().signatureAlgorithm("SHA1withRSA").build();
        X509Certificate cert = weak.certificate();
        cert.verify(cert.getPublicKey());
        assertEquals(1024, ((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength());
        assertEquals("SHA1withRSA", cert.getSigAlgName());
        assertTrue(cert.getKeyUsage()[KEY_ENCIPHERMENT]);
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        assertEquals("O=tlsweep lab", cert.getSubjectX500Principal().getName(), "self-signed needs a name");
        X509Certificate sanOnly = pki.leaf().dnsNames("san-only.lab.test").build().certificate();
        assertEquals("", sanOnly.getSubjectX500Principal().getName(), "no CN given: empty subject");
        assertTrue(sanOnly.getCriticalExtensionOIDs().contains("2.5.29.17"), "SAN critical when subject empty");
        assertEquals(List.of(cert), weak.chain());

        HeldCertificate direct = pki.leaf().issuedBy(pki.root()).build();
        direct.certificate().verify(pki.root().certificate().getPublicKey());
        assertEquals(List.of(direct.certificate()), direct.chain());

        HeldCertificate rsaCa = pki.leaf().commonName("RSA CA").rsa(2048).certificateAuthority()
                .issuedBy(pki.root()).build();
        HeldCertificate sha1 = pki.leaf().signatureAlgorithm("SHA1withRSA").issuedBy(rsaCa).build();
        assertEquals("SHA1withRSA", sha1.certificate().getSigAlgName());
        assertEquals(List.of(sha1.certificate(), rsaCa.certificate()), sha1.chain());
    }

    @Test
    void validity_is_what_was_asked() {
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        Instant until = Instant.parse("2021-01-01T00:00:00Z");
        X509Certificate cert = pki.leaf().validity(from, until).build().certificate();
        assertEquals(from, cert.getNotBefore().toInstant());
        assertEquals(until, cert.getNotAfter().toInstant());
    }

    @Test
    void misuse_is_refused_with_a_clear_error() {
        assertThrows(IllegalArgumentException.class, () -> pki.leaf().ipAddresses("localhost"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pki.leaf().signatureAlgorithm("SHA1withRSA").build());
        assertTrue(e.getMessage().contains("SHA1withRSA"), e.getMessage());
    }

    @Test
    void pem_round_trips_through_the_jdk() throws Exception {
        HeldCertificate leaf = pki.leaf().dnsNames("pem.lab.test").build();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        var parsed = factory.generateCertificates(new ByteArrayInputStream(
                leaf.chainPem().getBytes(StandardCharsets.US_ASCII)));
        assertEquals(leaf.chain(), List.copyOf(parsed));
        assertEquals(leaf.certificate(), factory.generateCertificate(new ByteArrayInputStream(
                leaf.certificatePem().getBytes(StandardCharsets.US_ASCII))));

        String keyPem = leaf.privateKeyPem();
        assertTrue(keyPem.startsWith("-----BEGIN PRIVATE KEY-----"), keyPem);
        String base64 = keyPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        var key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(leaf.certificate().getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        assertTrue(verifier.verify(signature));
        assertArrayEquals(leaf.keyPair().getPrivate().getEncoded(), key.getEncoded());
    }

    @Test
    void creating_a_pki_is_fast() {
        TestPki.create("warm-up");
        long start = System.nanoTime();
        TestPki.create("timed");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 200, "took " + millis + " ms");
    }
}
