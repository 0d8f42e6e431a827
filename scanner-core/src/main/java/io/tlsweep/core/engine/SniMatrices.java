package io.tlsweep.core.engine;

import io.tlsweep.core.result.CertificateInfo;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.SniMatrix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sni_matrix} of a probe group: for one transport, which certificate the address:port
 * serves without SNI and for each name. Built from the members' records (the no-SNI one and the
 * named ones, in member order, which is the order the names were given).
 */
final class SniMatrices {

    private SniMatrices() {
    }

    /**
     * Transport wire name -> its matrix, for each transport of the group that has a no-SNI member
     * and at least one named member; the no-SNI record carries it.
     */
    static Map<String, SniMatrix> byTransport(List<ScanRecord> members) {
        Map<String, ScanRecord> noSni = new HashMap<>();
        Map<String, List<ScanRecord>> named = new LinkedHashMap<>();
        for (ScanRecord r : members) {
            if (r.sni() == null) {
                noSni.putIfAbsent(r.transport(), r);
            } else {
                named.computeIfAbsent(r.transport(), t -> new ArrayList<>()).add(r);
            }
        }
        Map<String, SniMatrix> out = new HashMap<>();
        named.forEach((transport, withSni) -> {
            ScanRecord without = noSni.get(transport);
            if (without != null) {
                out.put(transport, of(without, withSni));
            }
        });
        return out;
    }

    /** The matrix of one no-SNI record and the named records of the same transport, in order. */
    static SniMatrix of(ScanRecord withoutSni, List<ScanRecord> withSni) {
        String defaultCert = leafSha256(withoutSni);
        Map<String, Served> certs = new LinkedHashMap<>();
        if (defaultCert != null) {
            certs.put(defaultCert, new Served(withoutSni.certs().leaf(), true));
        }
        List<SniMatrix.NameResult> names = new ArrayList<>(withSni.size());
        boolean someNameGotOne = false;
        for (ScanRecord r : withSni) {
            String sha = leafSha256(r);
            names.add(new SniMatrix.NameResult(r.sni(), r.status().wire(), sha));
            if (sha != null) {
                someNameGotOne = true;
                certs.computeIfAbsent(sha, s -> new Served(r.certs().leaf(), false)).snis.add(r.sni());
            }
        }
        List<SniMatrix.ServedCert> served = new ArrayList<>(certs.size());
        certs.forEach((sha, s) -> served.add(new SniMatrix.ServedCert(sha, s.leaf.subjectCn(), s.leaf.sanDns(),
                s.isDefault, List.copyOf(s.snis))));
        return new SniMatrix(defaultCert, defaultCert == null && someNameGotOne, List.copyOf(names),
                List.copyOf(served));
    }

    /** The SHA-256 of the leaf a record got, or null. */
    static String leafSha256(ScanRecord r) {
        return r.certs() == null || r.certs().leaf() == null ? null : r.certs().leaf().sha256();
    }

    /** A distinct leaf and the names it was served for. */
    private static final class Served {
        final CertificateInfo leaf;
        final boolean isDefault;
        final List<String> snis = new ArrayList<>();

        Served(CertificateInfo leaf, boolean isDefault) {
            this.leaf = leaf;
            this.isDefault = isDefault;
        }
    }
}
