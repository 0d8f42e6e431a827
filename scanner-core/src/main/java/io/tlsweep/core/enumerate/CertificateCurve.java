package io.tlsweep.core.enumerate;

import java.io.ByteArrayInputStream;
import java.security.AlgorithmParameters;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;

/**
 * The named group of an ECDSA certificate's key. At TLS 1.2 and older a server may use its ECDSA
 * certificate only if the client's supported_groups lists the key's curve (RFC 8422 section 5.1),
 * so the group walk must keep that curve offered.
 */
final class CertificateCurve {

    /** By OID and by the JDK's name, whichever the provider reports. */
    private static final Map<String, Integer> BY_OID = Map.ofEntries(
            Map.entry("1.2.840.10045.3.1.7", 0x0017), Map.entry("secp256r1", 0x0017),
            Map.entry("1.3.132.0.34", 0x0018), Map.entry("secp384r1", 0x0018),
            Map.entry("1.3.132.0.35", 0x0019), Map.entry("secp521r1", 0x0019),
            Map.entry("1.3.132.0.10", 0x0016), Map.entry("secp256k1", 0x0016),
            Map.entry("1.3.36.3.3.2.8.1.1.7", 0x001a), Map.entry("brainpoolP256r1", 0x001a),
            Map.entry("1.3.36.3.3.2.8.1.1.11", 0x001b), Map.entry("brainpoolP384r1", 0x001b),
            Map.entry("1.3.36.3.3.2.8.1.1.13", 0x001c), Map.entry("brainpoolP512r1", 0x001c));

    private CertificateCurve() {
    }

    /** The group code of the certificate's EC key, or -1 (not EC, an unnamed curve, unparseable). */
    static int of(byte[] der) {
        if (der == null) {
            return -1;
        }
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            if (!(cert.getPublicKey() instanceof ECPublicKey ec)) {
                return -1;
            }
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(ec.getParams());
            String oid = params.getParameterSpec(ECGenParameterSpec.class).getName();
            return BY_OID.getOrDefault(oid, -1);
        } catch (Exception e) { // any garbage a peer sends: the curve is just unknown
            return -1;
        }
    }
}
