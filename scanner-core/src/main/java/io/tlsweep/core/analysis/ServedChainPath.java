package io.tlsweep.core.analysis;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The issuer path a client can build from the served certificates alone, starting at the leaf.
 * It answers two questions that PKIX validation does not: did the server send everything needed
 * (complete), and did it send it in order with nothing extra (ordered).
 *
 * @param path     indexes into the served list, leaf (0) first, in issuing order
 * @param complete the path reaches a self-signed certificate, a trust anchor, or a certificate an
 *                 anchor issued, so nothing would have to be fetched
 * @param ordered  the path is exactly the served list in served order: served[i+1] issued served[i]
 *                 for every i and no certificate is left over
 */
record ServedChainPath(List<Integer> path, boolean complete, boolean ordered) {

    /**
     * Walks up from the leaf. At each step the issuer is a served certificate not yet used whose
     * subject is the current issuer name and whose key verifies the current signature; the next
     * served certificate is preferred so a correctly ordered chain is recognised as such even when a
     * cross-signed twin is also present. The walk goes on past an anchor-issued certificate to use
     * a served root or cross-sign, so those do not count as extras.
     */
    static ServedChainPath walk(List<X509Certificate> served, List<Boolean> selfSigned, TrustAnchors anchors) {
        List<Integer> path = new ArrayList<>();
        boolean[] used = new boolean[served.size()];
        int current = 0;
        path.add(0);
        used[0] = true;
        boolean complete = false;
        while (true) {
            X509Certificate cert = served.get(current);
            if (selfSigned.get(current)) {
                complete = true;
                break; // nothing can sit above a self-signed certificate in a path
            }
            if (anchors.contains(cert) || anchors.issued(cert)) {
                complete = true;
            }
            int next = issuerAmong(served, used, current);
            if (next < 0) {
                break;
            }
            path.add(next);
            used[next] = true;
            current = next;
        }
        boolean ordered = path.size() == served.size();
        for (int i = 0; ordered && i < path.size(); i++) {
            ordered = path.get(i) == i;
        }
        return new ServedChainPath(List.copyOf(path), complete, ordered);
    }

    private static int issuerAmong(List<X509Certificate> served, boolean[] used, int current) {
        X509Certificate cert = served.get(current);
        int preferred = current + 1;
        if (preferred < served.size() && !used[preferred] && issues(served.get(preferred), cert)) {
            return preferred;
        }
        for (int i = 0; i < served.size(); i++) {
            if (!used[i] && issues(served.get(i), cert)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean issues(X509Certificate issuer, X509Certificate cert) {
        return issuer.getSubjectX500Principal().equals(cert.getIssuerX500Principal())
                && CertificateInspector.verifiedBy(cert, issuer);
    }
}
