package io.tlsweep.core.engine;

import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.FindingCode;
import io.tlsweep.core.result.HttpInfo;
import io.tlsweep.core.result.QuicInfo;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.SniMatrix;
import io.tlsweep.core.result.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The facts only a whole probe group knows (one address and port: its transports x SNI variants),
 * added to the members' records once every member has one:
 * <ul>
 *   <li>a UDP record's {@code quic.same_cert_as_tcp}: its leaf equals the one the TCP member with the
 *       same SNI got (null when there is no such member or either has no certificate; a record with
 *       no {@code quic} object is left alone, the field lives inside it);</li>
 *   <li>a TCP record whose {@code Alt-Svc} advertises {@code h3} on this very port:
 *       {@code http.alt_svc.h3_reachable} = whether the UDP member with the same SNI answered QUIC,
 *       and the finding {@code alt_svc_h3_unreachable} when it did not (null when there is no UDP
 *       member; an advertised port other than this one is not judged);</li>
 *   <li>the no-SNI record of each transport: the {@code sni_matrix} of that transport's SNI
 *       variants ({@link SniMatrices}).</li>
 * </ul>
 * Pure function of the records; runs on a worker thread.
 */
final class GroupFacts {

    private GroupFacts() {
    }

    /** The members' records in the same order, with the group's facts filled in. */
    static List<ScanRecord> apply(List<ScanRecord> members) {
        Map<String, SniMatrix> matrices = SniMatrices.byTransport(members);
        List<ScanRecord> out = new ArrayList<>(members.size());
        for (ScanRecord r : members) {
            QuicInfo quic = r.quic();
            HttpInfo http = r.http();
            List<Finding> findings = r.findings();
            SniMatrix matrix = r.sni() == null ? matrices.get(r.transport()) : null;
            if ("udp".equals(r.transport()) && quic != null) {
                quic = quic.withSameCertAsTcp(sameCert(r, sibling(members, "tcp", r.sni())));
            }
            if ("tcp".equals(r.transport()) && advertisesH3Here(r)) {
                ScanRecord udp = sibling(members, "udp", r.sni());
                if (udp != null) {
                    boolean answered = answeredQuic(udp);
                    http = http.withAltSvc(http.altSvc().withH3Reachable(answered));
                    if (!answered) {
                        findings = new ArrayList<>(findings);
                        findings.add(Finding.of(FindingCode.ALT_SVC_H3_UNREACHABLE, "Alt-Svc advertises h3 on :"
                                + r.port() + " but QUIC did not answer (" + udp.status().wire() + ")"));
                        findings = List.copyOf(findings);
                    }
                }
            }
            boolean changed = quic != r.quic() || http != r.http() || findings != r.findings() || matrix != null;
            out.add(changed ? r.withGroupFacts(findings, quic, http, matrix) : r);
        }
        return out;
    }

    private static boolean advertisesH3Here(ScanRecord r) {
        HttpInfo.AltSvc altSvc = r.http() == null ? null : r.http().altSvc();
        return altSvc != null && altSvc.h3() && altSvc.h3Port() != null && altSvc.h3Port() == r.port();
    }

    /**
     * QUIC answered: a handshake, a TLS alert, a Version Negotiation, or a CONNECTION_CLOSE with a
     * QUIC error code. Silence, refusal (ICMP port unreachable) and local failures are not answers.
     */
    static boolean answeredQuic(ScanRecord udp) {
        Status s = udp.status();
        if (s == Status.SUCCESS || s == Status.ALERT || s == Status.VERSION_NEGOTIATION) {
            return true;
        }
        return s == Status.CLOSED && udp.quic() != null && udp.quic().closeCode() != null;
    }

    /** Whether two records got the same leaf; null when either has none (or there is no other). */
    private static Boolean sameCert(ScanRecord r, ScanRecord other) {
        String mine = SniMatrices.leafSha256(r);
        String theirs = other == null ? null : SniMatrices.leafSha256(other);
        return mine == null || theirs == null ? null : mine.equals(theirs);
    }

    /** The member on {@code transport} with the same SNI, or null. */
    private static ScanRecord sibling(List<ScanRecord> members, String transport, String sni) {
        for (ScanRecord m : members) {
            if (transport.equals(m.transport()) && Objects.equals(sni, m.sni())) {
                return m;
            }
        }
        return null;
    }
}
