package io.tlsweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.result.ChainReport;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v1CertificateBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** Certificates a well-behaved CA would not issue, and random corruptions: the analyzer must never throw. */
class OddCertificateTest {

    private static final TestPki PKI = TestPki.create("odd");
    private static final CertificateAnalyzer ANALYZER =
            new CertificateAnalyzer(TrustAnchors.of(List.of(PKI.root().certificate())));
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void version_1_certificate_without_extensions() throws Exception {
        HeldCertificate issuer = PKI.intermediate();
        Instant now = Instant.now();
        var builder = new X509v1CertificateBuilder(
                X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()), BigInteger.TEN,
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))),
                new X500Name("CN=v1.lab.test"),
                SubjectPublicKeyInfo.getInstance(PKI.leaf().build().keyPair().getPublic().getEncoded()));
        X509Certificate v1 = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.keyPair().getPrivate())));
        assertEquals(1, v1.getVersion());

        ChainReport report = ANALYZER.analyze(List.of(v1, issuer.certificate()), "v1.lab.test", LOOPBACK, now);
        assertEquals(List.of(), report.leaf().sanDns());
        assertEquals("a", report.leaf().serial());
        assertTrue(report.verdict().hostnameMatch(), "no SAN: the CN is used");
        assertFalse(report.leaf().isCa());
        assertTrue(report.verdict().chainComplete());
    }

    @Test
    void unknown_public_key_type() throws Exception {
        HeldCertificate issuer = PKI.intermediate();
        Instant now = Instant.now();
        var strangeKey = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"), DERNull.INSTANCE),
                new byte[] {1, 2, 3, 4});
        var builder = new X509v3CertificateBuilder(
                X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()), BigInteger.ONE,
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))),
                new X500Name("CN=strange.lab.test"), strangeKey);
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.keyPair().getPrivate())));

        ChainReport report = ANALYZER.analyze(List.of(cert, issuer.certificate()), "strange.lab.test", LOOPBACK, now);
        assertEquals("1.3.6.1.4.1.99999.1", report.leaf().keyAlgorithm());
        assertEquals(0, report.leaf().keySize());
        assertNull(report.leaf().keyCurve());
        assertNotNull(report.verdict());
    }

    /**
     * Flips random bytes of a real DER certificate chain. Parsing may refuse the bytes with a
     * {@link CertificateException} (the documented parse failure the caller turns into a record);
     * whatever parses must analyse without throwing.
     */
    @Test
    void random_mutations_of_a_der_certificate_never_break_the_analyzer() throws Exception {
        HeldCertificate leaf = PKI.leaf().commonName("fuzz.lab.test").dnsNames("fuzz.lab.test", "*.fuzz.lab.test")
                .ipAddresses("127.0.0.1", "::1").emailAddresses("a@lab.test").build();
        HeldCertificate rsa = PKI.leaf().dnsNames("rsa.lab.test").rsa(1024).selfSigned().build();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        Random random = new Random(5280);
        int parsed = 0;
        int refused = 0;
        for (int round = 0; round < 1500; round++) {
            byte[] der = (round % 2 == 0 ? leaf : rsa).certificate().getEncoded().clone();
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                der[random.nextInt(der.length)] = (byte) random.nextInt(256);
            }
            X509Certificate mutated;
            try {
                mutated = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
            } catch (CertificateException e) {
                refused++;
                continue;
            }
            parsed++;
            ChainReport report = ANALYZER.analyze(List.of(mutated, PKI.intermediate().certificate()),
                    round % 3 == 0 ? null : "fuzz.lab.test", LOOPBACK, Instant.now());
            assertNotNull(report.leaf().sha256());
        }
        assertTrue(parsed > 100, "too few mutations parsed to test anything: " + parsed);
        assertTrue(refused > 0, "the mutations never broke parsing: " + refused);
    }
}
