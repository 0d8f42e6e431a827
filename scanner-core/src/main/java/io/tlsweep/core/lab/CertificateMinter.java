package io.tlsweep.core.lab;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The BouncyCastle plumbing shared by {@link TestPki} and {@link LeafBuilder}: key generation and
 * signing of one certificate. Uses the JDK's default JCA providers, so nothing is registered globally.
 */
final class CertificateMinter {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateMinter() {
    }

    static KeyPair ecP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make EC P-256 keys", e);
        }
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot make an RSA key of " + bits + " bits", e);
        }
    }

    /** The usual SHA-256 signature for a signing key: what a CA with that key would pick. */
    static String defaultSignatureAlgorithm(PublicKey signerKey) {
        return switch (signerKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> throw new IllegalArgumentException("no default signature for " + signerKey.getAlgorithm());
        };
    }

    /** Positive and 128 bits wide, as CAs do since RFC 5280 serials must be unique per issuer. */
    static BigInteger randomSerial() {
        return new BigInteger(128, RANDOM).setBit(127);
    }

    /** What one certificate to mint looks like; {@code sanOrNull} may be null. */
    record Spec(X500Name subject, PublicKey subjectKey, Instant notBefore, Instant notAfter,
                boolean ca, GeneralNames sanOrNull) {
    }

    /**
     * Mints a certificate. {@code issuerCert} null means self-signed ({@code issuerKeys} is then the
     * subject's own pair).
     */
    static X509Certificate mint(Spec spec, X509Certificate issuerCert, KeyPair issuerKeys, String signatureAlgorithm) {
        try {
            X500Name issuerName = issuerCert == null
                    ? spec.subject()
                    : X500Name.getInstance(issuerCert.getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuerName, randomSerial(), Date.from(spec.notBefore()), Date.from(spec.notAfter()),
                    spec.subject(), spec.subjectKey());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(spec.subjectKey()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, issuerCert == null
                    ? extensions.createAuthorityKeyIdentifier(spec.subjectKey())
                    : extensions.createAuthorityKeyIdentifier(issuerCert));
            if (spec.ca()) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                // keyEncipherment only means something for RSA key transport (TLS 1.2 RSA kx)
                int usage = "RSA".equals(spec.subjectKey().getAlgorithm())
                        ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                        : KeyUsage.digitalSignature;
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            }
            if (spec.sanOrNull() != null) {
                // RFC 5280 4.2.1.6: the SAN is critical when the subject is empty
                builder.addExtension(Extension.subjectAlternativeName, spec.subject().getRDNs().length == 0,
                        spec.sanOrNull());
            }
            var signer = new JcaContentSignerBuilder(signatureAlgorithm).build(issuerKeys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot sign with " + signatureAlgorithm + " using a "
                    + issuerKeys.getPrivate().getAlgorithm() + " key", e);
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot mint certificate " + spec.subject(), e);
        }
    }
}
