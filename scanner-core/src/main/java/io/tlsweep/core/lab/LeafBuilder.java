package io.tlsweep.core.lab;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.util.IPAddress;

/**
 * Builds one server certificate; get one from {@link TestPki#leaf()}. Every setter is optional:
 *
 * <ul>
 *   <li>subject: {@code CN=<commonName>} when set; otherwise EMPTY (names only in the SAN, as some CAs do)
 *       when there is a SAN and an issuer, else {@code O=tlsweep lab} (the JDK refuses to parse a
 *       certificate with neither subject nor SAN, or a self-signed one with an empty issuer);</li>
 *   <li>SAN: the {@link #dnsNames} and {@link #ipAddresses} given, none otherwise;</li>
 *   <li>validity: now minus one day to now plus 90 days;</li>
 *   <li>key: EC P-256, or {@link #rsa(int)} (any size the JDK makes, 1024 included, for weak-key labs);</li>
 *   <li>issuer: the PKI's intermediate, or {@link #issuedBy}, or {@link #selfSigned()};</li>
 *   <li>signature: SHA-256 with the issuer's key type, or {@link #signatureAlgorithm} (it must fit the
 *       issuer's key: an EC issuer cannot sign "SHA1withRSA", use "SHA1withECDSA" or an RSA issuer).</li>
 * </ul>
 *
 * A leaf has basicConstraints cA=false, keyUsage digitalSignature (+keyEncipherment for RSA), EKU
 * serverAuth, SKI and AKI; {@link #certificateAuthority()} turns it into a CA (cA=true,
 * keyCertSign|cRLSign, no EKU) to build extra chain shapes, e.g. an RSA intermediate.
 */
public final class LeafBuilder {

    private static final Duration DEFAULT_BACKDATE = Duration.ofDays(1);
    private static final Duration DEFAULT_LIFETIME = Duration.ofDays(90);

    private HeldCertificate issuer;
    private boolean selfSigned;
    private boolean certificateAuthority;
    private String commonName;
    private final List<GeneralName> altNames = new ArrayList<>();
    private Instant notBefore;
    private Instant notAfter;
    private int rsaBits; // 0 = EC P-256
    private String signatureAlgorithm;

    LeafBuilder(HeldCertificate defaultIssuer) {
        this.issuer = defaultIssuer;
    }

    /** Subject CN. Without it the subject is empty and only the SAN names the host. */
    public LeafBuilder commonName(String commonName) {
        this.commonName = Objects.requireNonNull(commonName, "commonName");
        return this;
    }

    /** SAN dNSName entries, in order, appended to any given before. Not validated: labs need odd names. */
    public LeafBuilder dnsNames(String... names) {
        for (String name : names) {
            altNames.add(new GeneralName(GeneralName.dNSName, Objects.requireNonNull(name, "dns name")));
        }
        return this;
    }

    /** SAN iPAddress entries (IPv4 or IPv6 literals; never resolved), appended to any given before. */
    public LeafBuilder ipAddresses(String... addresses) {
        for (String address : addresses) {
            if (address == null || !(IPAddress.isValidIPv4(address) || IPAddress.isValidIPv6(address))) {
                throw new IllegalArgumentException("not an IP literal: " + address);
            }
            altNames.add(new GeneralName(GeneralName.iPAddress, address));
        }
        return this;
    }

    /** SAN rfc822Name entries. */
    public LeafBuilder emailAddresses(String... addresses) {
        for (String address : addresses) {
            altNames.add(new GeneralName(GeneralName.rfc822Name, Objects.requireNonNull(address, "email")));
        }
        return this;
    }

    public LeafBuilder validity(Instant notBefore, Instant notAfter) {
        this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
        this.notAfter = Objects.requireNonNull(notAfter, "notAfter");
        return this;
    }

    /** An RSA key of {@code bits} instead of EC P-256. */
    public LeafBuilder rsa(int bits) {
        if (bits < 512) {
            throw new IllegalArgumentException("RSA key too small to sign anything: " + bits);
        }
        this.rsaBits = bits;
        return this;
    }

    /** JCA signature name used by the issuer, e.g. "SHA1withRSA" or "SHA1withECDSA" for weak-signature labs. */
    public LeafBuilder signatureAlgorithm(String signatureAlgorithm) {
        this.signatureAlgorithm = Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
        return this;
    }

    /** Signs the certificate with its own key: no issuer, subject and issuer names equal. */
    public LeafBuilder selfSigned() {
        this.selfSigned = true;
        return this;
    }

    /** Signs with {@code issuer} instead of the PKI's intermediate (e.g. the root directly). */
    public LeafBuilder issuedBy(HeldCertificate issuer) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.selfSigned = false;
        return this;
    }

    /** Makes a CA certificate (cA=true, keyCertSign|cRLSign) instead of a server certificate. */
    public LeafBuilder certificateAuthority() {
        this.certificateAuthority = true;
        return this;
    }

    public HeldCertificate build() {
        Instant now = Instant.now();
        Instant from = notBefore != null ? notBefore : now.minus(DEFAULT_BACKDATE);
        Instant until = notAfter != null ? notAfter : now.plus(DEFAULT_LIFETIME);
        KeyPair keys = rsaBits > 0 ? CertificateMinter.rsa(rsaBits) : CertificateMinter.ecP256();

        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        if (commonName != null) {
            subject.addRDN(BCStyle.CN, commonName);
        } else if (altNames.isEmpty() || selfSigned) {
            subject.addRDN(BCStyle.O, "tlsweep lab");
        }
        X500Name subjectName = subject.build();
        GeneralNames san = altNames.isEmpty() ? null : new GeneralNames(altNames.toArray(GeneralName[]::new));
        var spec = new CertificateMinter.Spec(subjectName, keys.getPublic(), from, until, certificateAuthority, san);

        KeyPair signer = selfSigned ? keys : issuer.keyPair();
        String algorithm = signatureAlgorithm != null
                ? signatureAlgorithm
                : CertificateMinter.defaultSignatureAlgorithm(signer.getPublic());
        if (selfSigned) {
            return new HeldCertificate(CertificateMinter.mint(spec, null, keys, algorithm), keys, null);
        }
        return new HeldCertificate(CertificateMinter.mint(spec, issuer.certificate(), signer, algorithm), keys, issuer);
    }

    @Override
    public String toString() {
        return "LeafBuilder[cn=" + commonName + ", names=" + Arrays.toString(altNames.toArray()) + "]";
    }
}
