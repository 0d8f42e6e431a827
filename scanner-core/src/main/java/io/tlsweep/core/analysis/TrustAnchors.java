package io.tlsweep.core.analysis;

import io.tlsweep.core.BadInputException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * The roots a served chain is validated against. Immutable and thread-safe.
 *
 * <pre>{@code
 * TrustAnchors anchors = caFile == null ? TrustAnchors.jdkDefaults() : TrustAnchors.fromPemFile(caFile);
 * }</pre>
 */
public final class TrustAnchors {

    private final List<X509Certificate> certificates;
    private final Set<TrustAnchor> pkixAnchors;
    private final Map<X500Principal, List<X509Certificate>> bySubject;

    private TrustAnchors(Collection<X509Certificate> certificates) {
        this.certificates = List.copyOf(new LinkedHashSet<>(certificates));
        Set<TrustAnchor> anchors = new LinkedHashSet<>();
        Map<X500Principal, List<X509Certificate>> index = new HashMap<>();
        for (X509Certificate cert : this.certificates) {
            anchors.add(new TrustAnchor(cert, null));
            index.computeIfAbsent(cert.getSubjectX500Principal(), k -> new ArrayList<>()).add(cert);
        }
        this.pkixAnchors = Set.copyOf(anchors);
        index.replaceAll((k, v) -> List.copyOf(v));
        this.bySubject = Map.copyOf(index);
    }

    /** Exactly these certificates; an empty collection trusts nothing. */
    public static TrustAnchors of(Collection<X509Certificate> certificates) {
        return new TrustAnchors(certificates);
    }

    /** The JDK's default roots (its cacerts, or whatever {@code javax.net.ssl.trustStore} names), loaded once. */
    public static TrustAnchors jdkDefaults() {
        return JdkDefaults.INSTANCE;
    }

    private static final class JdkDefaults {
        static final TrustAnchors INSTANCE = load();

        private static TrustAnchors load() {
            try {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init((KeyStore) null);
                List<X509Certificate> roots = new ArrayList<>();
                for (TrustManager manager : factory.getTrustManagers()) {
                    if (manager instanceof X509TrustManager x509) {
                        roots.addAll(List.of(x509.getAcceptedIssuers()));
                    }
                }
                return new TrustAnchors(roots);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK default trust store cannot be loaded", e);
            }
        }
    }

    /**
     * Every CERTIFICATE block of a PEM file (text around the blocks, as in OpenSSL bundles, is fine;
     * keys and other blocks are skipped). It REPLACES the JDK roots: scanning an internal PKI should
     * not quietly also trust the public CAs.
     *
     * @throws BadInputException "cannot read CA file 'x': why" or "no certificates in CA file 'x'"
     */
    public static TrustAnchors fromPemFile(Path file) {
        return new TrustAnchors(PemCertificates.read(file, "CA file"));
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }

    public int size() {
        return certificates.size();
    }

    Set<TrustAnchor> pkixAnchors() {
        return pkixAnchors;
    }

    /** Whether {@code cert} is one of the anchors (same encoding). */
    boolean contains(X509Certificate cert) {
        return bySubject.getOrDefault(cert.getSubjectX500Principal(), List.of()).contains(cert);
    }

    /** Whether an anchor's name and key issued {@code cert}: what ends a chain without needing the root served. */
    boolean issued(X509Certificate cert) {
        for (X509Certificate anchor : bySubject.getOrDefault(cert.getIssuerX500Principal(), List.of())) {
            if (CertificateInspector.verifiedBy(cert, anchor)) {
                return true;
            }
        }
        return false;
    }
}
