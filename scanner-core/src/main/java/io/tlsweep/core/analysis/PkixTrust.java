package io.tlsweep.core.analysis;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * PKIX path building and validation of a served chain, as a TLS client would do it, minus
 * revocation and AIA fetching: a scanner must not make network requests on a server's behalf.
 * The JDK builder finds the path itself, so out-of-order and extra certificates are tolerated.
 * The JDK's {@code jdk.certpath.disabledAlgorithms} still apply (MD2/MD5 signatures fail here).
 */
final class PkixTrust {

    /** The outcome; {@code reason} is a one-line explanation when not trusted, else null. */
    record Result(boolean trusted, String reason) {
    }

    private PkixTrust() {
    }

    static Result validate(List<X509Certificate> served, TrustAnchors anchors, Instant now) {
        X509Certificate leaf = served.get(0);
        if (anchors.contains(leaf)) {
            return new Result(true, null); // the server's own certificate is itself trusted (pinned)
        }
        if (anchors.size() == 0) {
            return new Result(false, "no trust anchors configured");
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors.pkixAnchors(), target);
            parameters.setRevocationEnabled(false);
            // The JDK default of 5 intermediates would call a long but valid served chain untrusted.
            parameters.setMaxPathLength(-1);
            parameters.setSigProvider(SignatureProvider.NAME);
            parameters.setDate(Date.from(now));
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(served)));
            CertPathBuilder.getInstance("PKIX").build(parameters);
            return new Result(true, null);
        } catch (GeneralSecurityException | RuntimeException e) {
            return new Result(false, reason(e));
        }
    }

    /** The innermost useful message: the builder wraps the real cause (expired, bad signature...). */
    private static String reason(Throwable e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String message = deepest.getMessage() != null ? deepest.getMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.replaceAll("\\s+", " ").trim();
    }
}
