package io.tlsweep.core.engine;

import static io.tlsweep.core.engine.EngineScans.scan;
import static io.tlsweep.core.engine.EngineScans.scanOne;
import static io.tlsweep.core.engine.EngineScans.shortTimeouts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContextBuilder;
import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.QuicLabServer;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.lab.fake.FakeServer;
import io.tlsweep.core.lab.fake.FakeTlsServer;
import io.tlsweep.core.quic.QuicVersions;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * QUIC probes through the real engine against the in-process {@link QuicLabServer}s: a handshake
 * reports what TCP reports about the same certificate, plus the QUIC facts; silence, a TLS alert in
 * a CONNECTION_CLOSE, Version Negotiation and garbage each give their typed record; and many probes
 * share the UDP channels and release everything.
 */
// A runaway (as quiche looping in close() was, see QuicProbe#finish) must fail one test in bounded time,
// not exhaust the machine.
@org.junit.jupiter.api.Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS)
class QuicProbeTest {

    private static final String NAME = "quic.lab.tlsweep.test";
    private static TestPki pki;
    private static HeldCertificate good;
    private static HeldCertificate wrongName;

    @BeforeAll
    static void pki() {
        pki = TestPki.create("quic probes");
        good = pki.leaf().dnsNames(NAME).build();
        wrongName = pki.leaf().dnsNames("elsewhere.example.net").build();
    }

    @AfterAll
    static void noLeftovers() {
        pki = null;
    }

    @Test
    void handshakeReportsQuicFactsAndTheSameCertificateAnalysisAsTcp() throws Exception {
        assertSameAsTcp(good, 160, List.of());
    }

    @Test
    void nameMismatchIsFoundOverQuicAsOverTcp() throws Exception {
        assertSameAsTcp(wrongName, 161, List.of("name_mismatch"));
    }

    /**
     * A finished probe ends its connection with a transport close, NO_ERROR: an application close
     * sent before the server confirmed the handshake made quiche loop in close() about once in
     * 5,000 handshakes (see QuicProbe#finish), and RFC 9000 section 10.2.3 asks for this anyway.
     */
    @Test
    void aFinishedProbeClosesWithATransportCloseNoError() throws Exception {
        try (QuicLabServer h3 = QuicLabServer.http3(FakeServer.loopback(172), 0, good, true, "h3")) {
            ScanRecord r = scanOne(shortTimeouts().handshakeTimeout(Duration.ofSeconds(5)).build(), h3.target(NAME),
                    pki.root().certificate());
            assertEquals(Status.SUCCESS, r.status(), r.toString());
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (h3.peerCloses().isEmpty() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals(List.of("transport:0"), h3.peerCloses());
        }
    }

    private static void assertSameAsTcp(HeldCertificate cert, int octet, List<String> expectedFindings) throws Exception {
        try (QuicLabServer h3 = QuicLabServer.http3(FakeServer.loopback(octet), 0, cert, true, "h3");
             FakeTlsServer tcp = new FakeTlsServer(FakeServer.loopback(octet), SslContextBuilder
                     .forServer(cert.keyPair().getPrivate(), cert.chain().toArray(X509Certificate[]::new)).build())) {
            ScanConfig config = shortTimeouts().handshakeTimeout(Duration.ofSeconds(5)).build();
            ScanRecord udp = scanOne(config, h3.target(NAME), pki.root().certificate());
            ScanRecord tls = scanOne(config, tcp.target(NAME), pki.root().certificate());

            assertEquals(Status.SUCCESS, udp.status(), udp.toString());
            assertEquals("udp", udp.transport());
            assertEquals("quic", udp.tlsMode());
            assertEquals("TLSv1.3", udp.tls().version());
            assertEquals("h3", udp.tls().alpn());
            assertNotNull(udp.tls().cipher());
            assertNull(udp.timings().connectMs(), "UDP has no connect");
            assertNotNull(udp.timings().handshakeMs());
            assertEquals("v1", udp.quic().version());
            assertNull(udp.quic().serverVersions());
            assertNotNull(udp.quic().maxIdleTimeoutMs());
            assertEquals(10_000L, udp.quic().maxIdleTimeoutMs(), "the lab server's max_idle_timeout");
            assertNotNull(udp.quic().maxUdpPayloadSize());
            assertEquals(1L << 20, udp.quic().initialMaxData());
            assertEquals(100L, udp.quic().initialMaxStreamsBidi());
            assertNull(udp.quic().closeCode());
            assertNull(udp.quic().sameCertAsTcp(), "filled in by the group join, not the probe");

            // The chain exactly as served (leaf, then intermediate) and the same verdicts as over TCP.
            assertEquals(1, udp.certs().chain().size(), "the intermediate, served after the leaf");
            assertEquals(tls.certs().chain().size(), udp.certs().chain().size());
            assertEquals(tls.certs().leaf().sha256(), udp.certs().leaf().sha256());
            assertEquals(codes(tls), codes(udp));
            assertEquals(expectedFindings, codes(udp));
            assertEquals(tls.certs().verdict(), udp.certs().verdict());
            assertNull(tls.quic(), "TCP records carry no quic object");
        }
    }

    @Test
    void sniIsSentPerConnectionAndBareAddressesSendNone() throws Exception {
        try (QuicLabServer h3 = QuicLabServer.http3(FakeServer.loopback(162), 0, good, true, "h3")) {
            Target bare = h3.target(null);
            ScanRecord r = scanOne(shortTimeouts().handshakeTimeout(Duration.ofSeconds(5)).build(), bare,
                    pki.root().certificate());
            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertTrue(codes(r).contains("name_mismatch"), "the leaf names " + NAME + ", not the bare address");
        }
    }

    /** IPv6 targets get their own shared channels (an IPv4 socket cannot reach them). */
    @Test
    void ipv6LoopbackGetsItsOwnChannels() throws Exception {
        java.net.InetAddress v6 = java.net.InetAddress.getByName("::1");
        try (QuicLabServer h3 = QuicLabServer.http3(v6, 0, good, true, "h3");
             QuicLabServer h3v4 = QuicLabServer.http3(FakeServer.loopback(172), 0, good, true, "h3")) {
            Map<String, ScanRecord> records = scan(shortTimeouts().handshakeTimeout(Duration.ofSeconds(5)).build(),
                    List.of(h3.target(NAME), h3v4.target(NAME)), pki.root().certificate());
            for (ScanRecord r : records.values()) {
                assertEquals(Status.SUCCESS, r.status(), r.toString());
                assertEquals(List.of(), codes(r));
            }
        }
    }

    @Test
    void silenceIsATimeoutWithinTheHandshakeTimeout() throws Exception {
        try (QuicLabServer silent = QuicLabServer.silent(FakeServer.loopback(163))) {
            long start = System.nanoTime();
            ScanRecord r = scanOne(shortTimeouts().build(), silent.target(NAME), pki.root().certificate());
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertEquals(Status.TIMEOUT, r.status(), r.toString());
            assertEquals(Phase.HANDSHAKE, r.phase());
            assertNull(r.tlsMode(), "silence shows no mode");
            assertNull(r.tls());
            assertNull(r.timings().handshakeMs());
            assertNotNull(r.quic());
            assertNull(r.quic().version());
            assertTrue(silent.datagramsReceived() > 0, "the probe did send its Initial");
            // Generous bound: the 800 ms handshake timeout plus engine start-up on a loaded machine.
            assertTrue(elapsedMs < EngineScans.HANDSHAKE_TIMEOUT.toMillis() + 5_000, "took " + elapsedMs + " ms");
        }
    }

    @Test
    void timeoutsAreRetriedWithoutModeDetection() throws Exception {
        try (QuicLabServer silent = QuicLabServer.silent(FakeServer.loopback(163))) {
            ScanRecord r = scanOne(shortTimeouts().retries(1).build(), silent.target(NAME), pki.root().certificate());
            assertEquals(Status.TIMEOUT, r.status());
            assertEquals(2, r.attempts());
        }
    }

    @Test
    void aTlsAlertInConnectionCloseIsAnAlert() throws Exception {
        // The server speaks only the draft; we offer h3 alone, so its TLS stack refuses the ALPN.
        try (QuicLabServer draft = QuicLabServer.http3(FakeServer.loopback(164), 0, good, true, "h3-29")) {
            ScanRecord r = scanOne(shortTimeouts().handshakeTimeout(Duration.ofSeconds(5)).build(),
                    draft.target(NAME), pki.root().certificate());
            assertEquals(Status.ALERT, r.status(), r.toString());
            assertEquals("alert:no_application_protocol", r.error());
            assertEquals(Phase.HANDSHAKE, r.phase());
            assertEquals(0x100L + 120, r.quic().closeCode());
            assertEquals("quic", r.tlsMode(), "an alert is TLS inside QUIC");
        }
    }

    @Test
    void theDraftCanBeProbedOnPurpose() throws Exception {
        try (QuicLabServer draft = QuicLabServer.http3(FakeServer.loopback(164), 0, good, true, "h3-29")) {
            ScanConfig config = shortTimeouts().handshakeTimeout(Duration.ofSeconds(5)).quicAlpn(List.of("h3-29")).build();
            ScanRecord r = scanOne(config, draft.target(NAME), pki.root().certificate());
            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertEquals("h3-29", r.tls().alpn());
        }
    }

    @Test
    void versionNegotiationListsTheServersVersions() throws Exception {
        try (QuicLabServer vn = QuicLabServer.versionNegotiation(FakeServer.loopback(165),
                List.of(0x1a2a3a4a, QuicVersions.DRAFT_29))) {
            long start = System.nanoTime();
            ScanRecord r = scanOne(shortTimeouts().handshakeTimeout(Duration.ofSeconds(5)).build(), vn.target(NAME),
                    pki.root().certificate());
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(Status.VERSION_NEGOTIATION, r.status(), r.toString());
            assertEquals(List.of("0x1a2a3a4a", "draft-29"), r.quic().serverVersions());
            assertNull(r.quic().version(), "no version was agreed");
            assertNull(r.tlsMode());
            assertTrue(r.error().contains("0x1a2a3a4a"), r.error());
            // Told at once, not by the 5 s deadline: the packet was seen, not guessed from silence.
            assertTrue(elapsedMs < 4_500, "took " + elapsedMs + " ms");
        }
    }

    @Test
    void aVersionNegotiationThatListsOurVersionIsIgnored() throws Exception {
        // RFC 9000 section 6.2: such a packet is discarded; the server then never answers: timeout.
        try (QuicLabServer vn = QuicLabServer.versionNegotiation(FakeServer.loopback(165),
                List.of(0x1a2a3a4a, QuicVersions.V1))) {
            ScanRecord r = scanOne(shortTimeouts().build(), vn.target(NAME), pki.root().certificate());
            assertEquals(Status.TIMEOUT, r.status(), r.toString());
            assertNull(r.quic().serverVersions());
        }
    }

    @Test
    void garbageAnswersAreATimeoutAndTheEngineCarriesOn() throws Exception {
        try (QuicLabServer noise = QuicLabServer.garbage(FakeServer.loopback(166), 42);
             QuicLabServer h3 = QuicLabServer.http3(FakeServer.loopback(167), 0, good, true, "h3")) {
            List<Target> targets = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                targets.add(noise.target("n" + i + ".lab.tlsweep.test"));
            }
            targets.add(h3.target(NAME));
            Map<String, ScanRecord> records = scan(shortTimeouts().handshakeTimeout(Duration.ofSeconds(3)).build(),
                    targets, pki.root().certificate());
            for (int i = 0; i < 8; i++) {
                ScanRecord r = records.get(EngineScans.key(targets.get(i)));
                assertEquals(Status.TIMEOUT, r.status(), r.toString());
            }
            assertTrue(noise.datagramsReceived() >= 8);
            assertEquals(Status.SUCCESS, records.get(EngineScans.key(h3.target(NAME))).status());
        }
    }

    /**
     * 500 UDP probes through one engine at concurrency 64 over the shared channels: exactly one
     * record each, and afterwards nothing is held: no probe in flight, no chain capture, no Version
     * Negotiation watch.
     */
    @Test
    void fiveHundredProbesShareTheUdpChannelsAndReleaseEverything() throws Exception {
        try (QuicLabServer h3a = QuicLabServer.http3(FakeServer.loopback(168), 0, good, true, "h3");
             QuicLabServer h3b = QuicLabServer.http3(FakeServer.loopback(169), 0, good, true, "h3");
             QuicLabServer vn = QuicLabServer.versionNegotiation(FakeServer.loopback(170), List.of(0x1a2a3a4a));
             QuicLabServer silent = QuicLabServer.silent(FakeServer.loopback(171))) {
            List<Target> targets = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                targets.add(h3a.target("a" + i + ".lab.tlsweep.test"));
                targets.add(h3b.target("b" + i + ".lab.tlsweep.test"));
            }
            for (int i = 0; i < 80; i++) {
                targets.add(vn.target("v" + i + ".lab.tlsweep.test"));
            }
            for (int i = 0; i < 20; i++) {
                targets.add(silent.target("s" + i + ".lab.tlsweep.test"));
            }
            Collections.shuffle(targets, new Random(11));
            assertEquals(500, targets.size());

            ScanConfig config = shortTimeouts().concurrency(64).handshakeTimeout(Duration.ofSeconds(10)).build();
            Queue<ScanRecord> delivered = new ConcurrentLinkedQueue<>();
            CertificateAnalyzer analyzer = new CertificateAnalyzer(TrustAnchors.of(List.of(pki.root().certificate())));
            try (ScanEngine engine = new ScanEngine(config, analyzer)) {
                ScanRun run = engine.start(targets.iterator(), delivered::add);
                run.completion().get(180, TimeUnit.SECONDS);
                assertEquals(0, run.inFlight());
                assertEquals(500, run.finished());
                SharedUdpChannels udp = engine.udpChannels();
                assertEquals(0, udp.tls().registered(), "chain captures left behind");
                assertEquals(0, udp.watched(), "Version Negotiation watches left behind");
            }
            assertEquals(500, delivered.size());
            Map<String, ScanRecord> byKey = new java.util.HashMap<>();
            for (ScanRecord r : delivered) {
                assertNull(byKey.put(r.ip() + "|" + r.port() + "|" + r.sni(), r), "second record for " + r);
            }
            for (Target t : targets) {
                ScanRecord r = byKey.get(EngineScans.key(t));
                Status expected = t.ip().equals(vn.address().getAddress()) ? Status.VERSION_NEGOTIATION
                        : t.ip().equals(silent.address().getAddress()) ? Status.TIMEOUT : Status.SUCCESS;
                assertEquals(expected, r.status(), r.toString());
                if (expected == Status.SUCCESS) {
                    // Every connection, not only the first, sees the full chain: no session resumption.
                    assertEquals(1, r.certs().chain().size(), r.toString());
                }
            }
        }
    }

    private static List<String> codes(ScanRecord r) {
        return r.findings().stream().map(Finding::code).sorted().toList();
    }
}
