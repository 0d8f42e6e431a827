package io.tlsweep.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.result.CertVerdict;
import io.tlsweep.core.result.CertificateInfo;
import io.tlsweep.core.result.ChainReport;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.HttpInfo;
import io.tlsweep.core.result.QuicInfo;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.SniMatrix;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.result.Timings;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The facts only a whole probe group knows, from hand-made member records. */
class GroupFactsTest {

    private static final String CERT_X = "aa".repeat(32);
    private static final String CERT_Y = "bb".repeat(32);

    private static ChainReport chain(String sha256, String cn, String... sans) {
        CertificateInfo leaf = new CertificateInfo("CN=" + cn, cn, "CN=ca", "ca", List.of(sans), List.of(), List.of(),
                "1", Instant.EPOCH, Instant.EPOCH, 0, "EC", 256, "P-256", "SHA256withECDSA", sha256, "00", false,
                false, false);
        return new ChainReport(leaf, List.of(), new CertVerdict(cn, true, false, false, false, true, true, true),
                List.of());
    }

    private static ScanRecord member(String transport, String sni, Status status, ChainReport certs, QuicInfo quic,
                                     HttpInfo http) {
        return new ScanRecord(Instant.EPOCH, "127.0.0.1", 443, transport, null, sni, status,
                status == Status.SUCCESS ? null : status.wire(), null, 1, new Timings(null, null, null), null, null,
                certs, certs == null ? List.of() : List.of(new Finding("untrusted", "kept")), null, null, null, null,
                quic, http, null, null);
    }

    private static ScanRecord tcp(String sni, String sha) {
        return member("tcp", sni, sha == null ? Status.ALERT : Status.SUCCESS, sha == null ? null : chain(sha, "n"),
                null, null);
    }

    private static QuicInfo quic(Long closeCode) {
        return new QuicInfo("v1", null, 30_000L, 1_350L, null, null, closeCode, null, null);
    }

    private static ScanRecord udp(String sni, Status status, String sha, QuicInfo quic) {
        return member("udp", sni, status, sha == null ? null : chain(sha, "n"), quic, null);
    }

    private static ScanRecord withAltSvc(String sni, Integer h3Port, boolean h3) {
        HttpInfo http = new HttpInfo("h2", 200, "test", null, null,
                new HttpInfo.AltSvc("h3=\":" + h3Port + "\"", h3, h3Port, null), null);
        return member("tcp", sni, Status.SUCCESS, chain(CERT_X, "n"), null, http);
    }

    // --- quic.same_cert_as_tcp ---------------------------------------------------------------

    @Test
    void sameCertificateOverQuicAndTcp() {
        List<ScanRecord> out = GroupFacts.apply(List.of(tcp(null, CERT_X), udp(null, Status.SUCCESS, CERT_X, quic(null))));
        assertEquals(Boolean.TRUE, out.get(1).quic().sameCertAsTcp());
        assertEquals("v1", out.get(1).quic().version(), "the QUIC facts are kept");
        assertNull(out.get(0).quic());
    }

    @Test
    void differentCertificateOverQuic() {
        List<ScanRecord> out = GroupFacts.apply(List.of(tcp(null, CERT_X), udp(null, Status.SUCCESS, CERT_Y, quic(null))));
        assertEquals(Boolean.FALSE, out.get(1).quic().sameCertAsTcp());
    }

    @Test
    void sameCertNeedsTheTcpMemberWithTheSameSni() {
        // only a TCP member with another SNI: no comparison
        List<ScanRecord> out = GroupFacts.apply(List.of(tcp("a.test", CERT_X), udp(null, Status.SUCCESS, CERT_X, quic(null))));
        assertNull(out.get(1).quic().sameCertAsTcp());
        // the TCP member got no certificate
        out = GroupFacts.apply(List.of(tcp(null, null), udp(null, Status.SUCCESS, CERT_X, quic(null))));
        assertNull(out.get(1).quic().sameCertAsTcp());
        // the UDP member got none
        out = GroupFacts.apply(List.of(tcp(null, CERT_X), udp(null, Status.TIMEOUT, null, quic(null))));
        assertNull(out.get(1).quic().sameCertAsTcp());
        // the SNI pairs the members: a.test with a.test
        out = GroupFacts.apply(List.of(tcp(null, CERT_Y), tcp("a.test", CERT_X), udp(null, Status.SUCCESS, CERT_X, quic(null)),
                udp("a.test", Status.SUCCESS, CERT_X, quic(null))));
        assertEquals(Boolean.FALSE, out.get(2).quic().sameCertAsTcp());
        assertEquals(Boolean.TRUE, out.get(3).quic().sameCertAsTcp());
    }

    @Test
    void aUdpRecordWithoutQuicFactsIsLeftAlone() {
        ScanRecord bare = udp(null, Status.LOCAL_ERROR, null, null);
        List<ScanRecord> out = GroupFacts.apply(List.of(tcp(null, CERT_X), bare));
        assertNull(out.get(1).quic(), "no QuicInfo is made up to hold the comparison");
        assertSame(bare, out.get(1));
    }

    // --- http.alt_svc.h3_reachable and alt_svc_h3_unreachable ---------------------------------

    @Test
    void altSvcH3ReachableWhenQuicAnswered() {
        List<ScanRecord> out = GroupFacts.apply(List.of(withAltSvc(null, 443, true),
                udp(null, Status.SUCCESS, CERT_X, quic(null))));
        assertEquals(Boolean.TRUE, out.get(0).http().altSvc().h3Reachable());
        assertEquals(List.of("untrusted"), codes(out.get(0)), "no finding; the others are kept");
        for (Status answered : new Status[]{Status.ALERT, Status.VERSION_NEGOTIATION}) {
            out = GroupFacts.apply(List.of(withAltSvc(null, 443, true), udp(null, answered, null, quic(null))));
            assertEquals(Boolean.TRUE, out.get(0).http().altSvc().h3Reachable(), answered.wire());
        }
        out = GroupFacts.apply(List.of(withAltSvc(null, 443, true), udp(null, Status.CLOSED, null, quic(0x10aL))));
        assertEquals(Boolean.TRUE, out.get(0).http().altSvc().h3Reachable(), "a CONNECTION_CLOSE is an answer");
    }

    @Test
    void altSvcH3UnreachableWhenQuicStayedSilent() {
        List<ScanRecord> out = GroupFacts.apply(List.of(withAltSvc(null, 443, true),
                udp(null, Status.TIMEOUT, null, quic(null))));
        assertEquals(Boolean.FALSE, out.get(0).http().altSvc().h3Reachable());
        assertEquals(List.of("untrusted", "alt_svc_h3_unreachable"), codes(out.get(0)));
        assertEquals("Alt-Svc advertises h3 on :443 but QUIC did not answer (timeout)",
                out.get(0).findings().get(1).detail());
        for (Status silent : new Status[]{Status.REFUSED, Status.UNREACHABLE, Status.LOCAL_ERROR}) {
            out = GroupFacts.apply(List.of(withAltSvc(null, 443, true), udp(null, silent, null, null)));
            assertEquals(Boolean.FALSE, out.get(0).http().altSvc().h3Reachable(), silent.wire());
        }
        out = GroupFacts.apply(List.of(withAltSvc(null, 443, true), udp(null, Status.CLOSED, null, quic(null))));
        assertEquals(Boolean.FALSE, out.get(0).http().altSvc().h3Reachable(), "closed without a QUIC close code");
    }

    @Test
    void altSvcOnAnotherPortOrWithoutAUdpMemberIsNotJudged() {
        List<ScanRecord> out = GroupFacts.apply(List.of(withAltSvc(null, 8443, true),
                udp(null, Status.TIMEOUT, null, quic(null))));
        assertNull(out.get(0).http().altSvc().h3Reachable());
        assertEquals(List.of("untrusted"), codes(out.get(0)));
        // no UDP member with the same SNI
        out = GroupFacts.apply(List.of(withAltSvc("a.test", 443, true), udp(null, Status.TIMEOUT, null, quic(null))));
        assertNull(out.get(0).http().altSvc().h3Reachable());
        // h3 not advertised (a draft only)
        out = GroupFacts.apply(List.of(withAltSvc(null, 443, false), udp(null, Status.TIMEOUT, null, quic(null))));
        assertNull(out.get(0).http().altSvc().h3Reachable());
        assertEquals(List.of("untrusted"), codes(out.get(0)));
    }

    // --- sni_matrix ----------------------------------------------------------------------------

    @Test
    void sniMatrixWithADefaultCertificate() {
        List<ScanRecord> members = List.of(tcp(null, CERT_X), tcp("a.test", CERT_X), tcp("b.test", CERT_Y),
                tcp("c.test", null), tcp("d.test", CERT_Y));
        List<ScanRecord> out = GroupFacts.apply(members);
        SniMatrix m = out.get(0).sniMatrix();
        assertNotNull(m);
        assertEquals(CERT_X, m.defaultCert());
        assertFalse(m.sniRequired());
        assertEquals(List.of(new SniMatrix.NameResult("a.test", "success", CERT_X),
                new SniMatrix.NameResult("b.test", "success", CERT_Y),
                new SniMatrix.NameResult("c.test", "alert", null),
                new SniMatrix.NameResult("d.test", "success", CERT_Y)), m.names(), "names in the order given");
        assertEquals(List.of(new SniMatrix.ServedCert(CERT_X, "n", List.of(), true, List.of("a.test")),
                new SniMatrix.ServedCert(CERT_Y, "n", List.of(), false, List.of("b.test", "d.test"))), m.certs(),
                "deduplicated by SHA-256, first seen first");
        for (int i = 1; i < out.size(); i++) {
            assertNull(out.get(i).sniMatrix(), "only the no-SNI record carries the matrix");
        }
        assertEquals(members.stream().map(ScanRecord::sni).toList(), out.stream().map(ScanRecord::sni).toList());
    }

    @Test
    void sniMatrixWhenSniIsRequired() {
        List<ScanRecord> out = GroupFacts.apply(List.of(tcp(null, null), tcp("a.test", CERT_X), tcp("b.test", CERT_X)));
        SniMatrix m = out.get(0).sniMatrix();
        assertNull(m.defaultCert());
        assertTrue(m.sniRequired());
        assertEquals(List.of(new SniMatrix.ServedCert(CERT_X, "n", List.of(), false, List.of("a.test", "b.test"))),
                m.certs());
        // nobody got a certificate: not "required", just nothing
        m = GroupFacts.apply(List.of(tcp(null, null), tcp("a.test", null))).get(0).sniMatrix();
        assertFalse(m.sniRequired());
        assertTrue(m.certs().isEmpty());
    }

    @Test
    void oneMatrixPerTransportAndNoneWithoutNames() {
        List<ScanRecord> out = GroupFacts.apply(List.of(tcp(null, CERT_X), tcp("a.test", CERT_Y),
                udp(null, Status.SUCCESS, CERT_Y, quic(null)), udp("a.test", Status.SUCCESS, CERT_Y, quic(null))));
        assertEquals(CERT_X, out.get(0).sniMatrix().defaultCert());
        assertEquals(CERT_Y, out.get(2).sniMatrix().defaultCert());
        assertEquals(List.of(new SniMatrix.ServedCert(CERT_Y, "n", List.of(), true, List.of("a.test"))),
                out.get(2).sniMatrix().certs());
        assertNull(out.get(1).sniMatrix());
        assertNull(out.get(3).sniMatrix());
        // TCP and UDP without SNI variants: no matrix
        out = GroupFacts.apply(List.of(tcp(null, CERT_X), udp(null, Status.SUCCESS, CERT_X, quic(null))));
        assertNull(out.get(0).sniMatrix());
        assertNull(out.get(1).sniMatrix());
    }

    private static List<String> codes(ScanRecord r) {
        return r.findings().stream().map(Finding::code).toList();
    }
}
