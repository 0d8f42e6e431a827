package io.tlsweep.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.lab.DemoLab;
import io.tlsweep.core.lab.LabEndpoint;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import io.tlsweep.core.tls.TlsProvider;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The whole engine, both TLS providers, against the in-process lab that {@code tlsweep demo} runs. */
class ScanEngineLabTest {

    private static DemoLab lab;

    @BeforeAll
    static void startLab() throws Exception {
        lab = DemoLab.start();
    }

    @AfterAll
    static void stopLab() {
        lab.close();
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void everyLabEndpointGetsItsVerdict(TlsProvider provider) throws Exception {
        ScanConfig config = ScanConfig.builder().provider(provider).http(true).build();
        CertificateAnalyzer analyzer = new CertificateAnalyzer(TrustAnchors.of(List.of(lab.trustAnchor())));
        Map<String, ScanRecord> records = new ConcurrentHashMap<>();
        List<LabEndpoint> endpoints = lab.endpoints();
        try (ScanEngine engine = new ScanEngine(config, analyzer)) {
            ScanRun run = engine.start(lab.targets().iterator(),
                    r -> assertNull(records.put(r.ip() + "|" + r.port() + "/" + r.transport() + "|" + r.sni(), r),
                            "one record per probe"));
            run.completion().get(60, TimeUnit.SECONDS);
        }
        assertEquals(endpoints.size(), records.size());
        for (LabEndpoint e : endpoints) {
            Target t = e.target();
            ScanRecord r = records.get(t.ip().getHostAddress() + "|" + t.port() + "/" + t.transport().wire() + "|" + t.sni());
            assertNotNull(r, e.name());
            assertEquals(e.expectedStatus(), r.status().wire(), e.name() + ": " + r);
            assertEquals(new TreeSet<>(e.expectedFindings()),
                    new TreeSet<>(r.findings().stream().map(Finding::code).toList()), e.name() + ": " + r.findings());
            if (r.status().wire().equals("success")) {
                assertNotNull(r.tls(), e.name());
                assertEquals("TLSv1.3", r.tls().version(), e.name());
                LabEndpoint.WebExpectation web = e.expectedHttp();
                if (t.transport() == Transport.UDP) {
                    assertNull(r.fingerprints(), e.name() + ": QUIC hides the ServerHello");
                    assertEquals("h3", r.tls().alpn(), e.name());
                    assertEquals("quic", r.tlsMode(), e.name());
                    assertEquals("v1", r.quic().version(), e.name());
                } else {
                    assertNotNull(r.fingerprints(), e.name());
                    assertTrue(r.fingerprints().ja4s().startsWith("t1302"), e.name() + ": " + r.fingerprints());
                    // the web vhost selects its protocol by ALPN; the certificate endpoints offer none
                    assertEquals(web == null ? null : web.protocol(), r.tls().alpn(), e.name());
                }
                if (web == null) {
                    assertNull(r.http(), e.name() + ": not a web endpoint");
                } else {
                    assertNotNull(r.http(), e.name());
                    assertNull(r.http().error(), e.name() + ": " + r.http());
                    assertEquals(web.protocol(), r.http().protocol(), e.name());
                    assertEquals(web.status(), r.http().status(), e.name());
                    assertEquals("tlsweep-lab", r.http().server(), e.name());
                    assertEquals(web.hsts(), r.http().hsts() != null && r.http().hsts().maxAge() != null, e.name());
                    assertEquals(web.h3(), r.http().altSvc() != null && r.http().altSvc().h3(), e.name());
                }
                assertNotNull(r.certs(), e.name());
                assertNotNull(r.timings().handshakeMs(), e.name());
            }
        }
        ScanRecord vhostWww = records.values().stream()
                .filter(r -> ("www." + DemoLab.DOMAIN).equals(r.sni()) && r.transport().equals("tcp"))
                .findFirst().orElseThrow();
        ScanRecord h3 = records.values().stream().filter(r -> r.transport().equals("udp")).findFirst().orElseThrow();
        assertEquals(vhostWww.certs().leaf().sha256(), h3.certs().leaf().sha256(),
                "the QUIC endpoint serves the vhost's certificate");
        assertEquals(vhostWww.port(), h3.port(), "UDP beside TCP on the same port number, as 443/udp beside 443/tcp");
        ScanRecord vhostApi = records.values().stream()
                .filter(r -> ("api." + DemoLab.DOMAIN).equals(r.sni())).findFirst().orElseThrow();
        assertTrue(vhostWww.certs().leaf().sanDns().contains("www." + DemoLab.DOMAIN));
        assertEquals(List.of("api." + DemoLab.DOMAIN), vhostApi.certs().leaf().sanDns(),
                "SNI picks the certificate on a shared address:port");
        // one probe group (the lab's targets()): the group join compares QUIC with TCP
        assertEquals(Boolean.TRUE, h3.quic().sameCertAsTcp(), "HTTP/3 serves the vhost's www certificate");
        assertEquals(h3.port(), vhostWww.http().altSvc().h3Port(), "www's Alt-Svc names the UDP port");
        assertEquals(Boolean.TRUE, vhostWww.http().altSvc().h3Reachable(), "and QUIC answered there");
        assertTrue(vhostWww.findings().isEmpty(), "no alt_svc_h3_unreachable: " + vhostWww.findings());
        ScanRecord plain = records.values().stream().filter(r -> r.status().wire().equals("not_tls"))
                .findFirst().orElseThrow();
        assertTrue(plain.firstBytes().startsWith("HTTP/1.1 400"), plain.firstBytes());
        ScanRecord noIntermediate = records.values().stream()
                .filter(r -> r.sni() != null && r.sni().startsWith("no-intermediate")).findFirst().orElseThrow();
        assertTrue(noIntermediate.certs().chain().isEmpty(), "the server sent only its leaf");
        assertTrue(!noIntermediate.certs().verdict().chainComplete());
    }
}
