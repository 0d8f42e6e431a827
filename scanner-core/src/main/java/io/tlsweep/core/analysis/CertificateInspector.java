package io.tlsweep.core.analysis;

import io.netty.util.NetUtil;
import io.tlsweep.core.result.CertificateInfo;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * Turns one served {@link X509Certificate} into a {@link CertificateInfo}. Every field is read
 * defensively: a certificate the JDK managed to parse can still carry extensions or names that are
 * malformed, and one odd certificate must cost only the fields it breaks, never the probe's record.
 */
final class CertificateInspector {

    private static final long SECONDS_PER_DAY = Duration.ofDays(1).getSeconds();
    private static final HexFormat HEX = HexFormat.of();

    private CertificateInspector() {
    }

    /**
     * The certificate's facts with {@code daysLeft} 0: the days left depend on the clock, the
     * report sets them ({@link #daysLeft}).
     *
     * @param der {@code cert}'s encoding ({@link #encoded}), read once by the caller
     */
    static CertificateInfo inspect(X509Certificate cert, byte[] der) {
        X500Principal subject = cert.getSubjectX500Principal();
        X500Principal issuer = cert.getIssuerX500Principal();
        SubjectAltNames san = subjectAltNames(der);
        String subjectCn = firstCommonName(subject);
        PublicKeyDescription key = PublicKeyDescription.of(cert.getPublicKey() == null ? new byte[0]
                : cert.getPublicKey().getEncoded());
        Instant notBefore = cert.getNotBefore().toInstant();
        Instant notAfter = cert.getNotAfter().toInstant();
        List<String> wildcardCandidates = san.dns().isEmpty() && subjectCn != null ? List.of(subjectCn) : san.dns();
        return new CertificateInfo(
                subject.getName(X500Principal.RFC2253),
                subjectCn,
                issuer.getName(X500Principal.RFC2253),
                firstCommonName(issuer),
                san.dns(),
                san.ip(),
                san.email(),
                cert.getSerialNumber().toString(16),
                notBefore,
                notAfter,
                0,
                key.algorithm(),
                key.bits(),
                key.curve(),
                cert.getSigAlgName(),
                digest("SHA-256", der),
                digest("SHA-1", der),
                cert.getBasicConstraints() >= 0,
                isSelfSigned(cert),
                wildcardCandidates.stream().anyMatch(name -> name.startsWith("*.")));
    }

    /** Floor of (notAfter - now) in whole days: 23 hours left is 0, one second past expiry is -1. */
    static long daysLeft(Instant notAfter, Instant now) {
        return Math.floorDiv(Duration.between(now, notAfter).getSeconds(), SECONDS_PER_DAY);
    }

    /**
     * Subject equals issuer AND the signature verifies with the certificate's own key. The name test
     * alone is a heuristic that a CA re-keyed under the same name would fool.
     */
    static boolean isSelfSigned(X509Certificate cert) {
        if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            return false;
        }
        return verifiedBy(cert, cert);
    }

    /** Whether {@code issuer}'s key verifies {@code cert}'s signature; any failure, including an unknown algorithm, is no. */
    static boolean verifiedBy(X509Certificate cert, X509Certificate issuer) {
        try {
            // By provider NAME: the JDK's certificate remembers the key and provider name of its last
            // successful check, and PKIX validation (PkixTrust) asks by name too, so the leaf's
            // signature is verified once per chain, not twice.
            cert.verify(issuer.getPublicKey(), SignatureProvider.NAME);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** First CN attribute value as plain text, or null (empty subject, or no CN in it). */
    static String firstCommonName(X500Principal principal) {
        try {
            RDN[] cns = X500Name.getInstance(principal.getEncoded()).getRDNs(BCStyle.CN);
            if (cns.length == 0 || cns[0].getFirst() == null) {
                return null;
            }
            var value = cns[0].getFirst().getValue();
            return value instanceof ASN1String text ? text.getString() : IETFUtils.valueToString(value);
        } catch (RuntimeException e) {
            return null;
        }
    }

    record SubjectAltNames(List<String> dns, List<String> ip, List<String> email) {
        static final SubjectAltNames NONE = new SubjectAltNames(List.of(), List.of(), List.of());
    }

    /**
     * Reads the SAN with BouncyCastle from the DER: {@code getSubjectAlternativeNames()} throws for the
     * whole list when one entry is odd. IP entries of a length other than 4 or 16 are not addresses
     * and are left out.
     */
    static SubjectAltNames subjectAltNames(byte[] der) {
        if (der.length == 0) {
            return SubjectAltNames.NONE;
        }
        try {
            Extensions extensions = org.bouncycastle.asn1.x509.Certificate.getInstance(der).getTBSCertificate()
                    .getExtensions();
            GeneralNames names = extensions == null ? null
                    : GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
            if (names == null) {
                return SubjectAltNames.NONE;
            }
            List<String> dns = new ArrayList<>();
            List<String> ip = new ArrayList<>();
            List<String> email = new ArrayList<>();
            for (GeneralName name : names.getNames()) {
                switch (name.getTagNo()) {
                    case GeneralName.dNSName -> text(name).ifPresent(dns::add);
                    case GeneralName.rfc822Name -> text(name).ifPresent(email::add);
                    case GeneralName.iPAddress -> {
                        byte[] address = org.bouncycastle.asn1.ASN1OctetString.getInstance(name.getName()).getOctets();
                        if (address.length == 4 || address.length == 16) {
                            ip.add(NetUtil.bytesToIpAddress(address));
                        }
                    }
                    default -> { } // URI, otherName, directoryName...: not host identities for TLS
                }
            }
            return new SubjectAltNames(List.copyOf(dns), List.copyOf(ip), List.copyOf(email));
        } catch (RuntimeException e) {
            return SubjectAltNames.NONE; // a SAN that does not parse names nothing
        }
    }

    private static java.util.Optional<String> text(GeneralName name) {
        return name.getName() instanceof ASN1String s ? java.util.Optional.of(s.getString()) : java.util.Optional.empty();
    }

    /** The DER encoding, or an empty array when the certificate cannot give it. */
    static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException | RuntimeException e) {
            return new byte[0];
        }
    }

    private static String digest(String algorithm, byte[] der) {
        try {
            return HEX.formatHex(MessageDigest.getInstance(algorithm).digest(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is a mandatory JDK algorithm", e);
        }
    }
}
