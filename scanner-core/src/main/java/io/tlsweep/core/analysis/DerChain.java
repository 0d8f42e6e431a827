package io.tlsweep.core.analysis;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates read off the wire as DER (a TLS 1.2-or-older Certificate message the enumeration
 * parsed in the clear) turned into the {@link X509Certificate}s the analyzer takes. The bytes come
 * from the server, so nothing here may throw: decoding stops at the first entry that is not a
 * certificate, and what decoded before it is the chain (the leaf comes first; a broken leaf means
 * no chain at all).
 */
public final class DerChain {

    private DerChain() {
    }

    /** The decodable prefix of {@code der}, possibly empty. */
    public static List<X509Certificate> decode(List<byte[]> der) {
        List<X509Certificate> chain = new ArrayList<>(der.size());
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] cert : der) {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(cert)));
            }
        } catch (CertificateException | RuntimeException e) {
            // not a certificate: keep what came before it
        }
        return List.copyOf(chain);
    }
}
