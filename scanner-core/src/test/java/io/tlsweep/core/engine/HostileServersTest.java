package io.tlsweep.core.engine;

import static io.tlsweep.core.engine.EngineScans.CONNECT_TIMEOUT;
import static io.tlsweep.core.engine.EngineScans.HANDSHAKE_TIMEOUT;
import static io.tlsweep.core.engine.EngineScans.TOTAL_TIMEOUT;
import static io.tlsweep.core.engine.EngineScans.scanOne;
import static io.tlsweep.core.engine.EngineScans.shortTimeouts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.lab.fake.FakeBacklogServer;
import io.tlsweep.core.lab.fake.FakeBannerServer;
import io.tlsweep.core.lab.fake.FakeClosingServer;
import io.tlsweep.core.lab.fake.FakeEndlessBannerServer;
import io.tlsweep.core.lab.fake.FakeResetServer;
import io.tlsweep.core.lab.fake.FakeServer;
import io.tlsweep.core.lab.fake.FakeTarpitServer;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.sink.NdjsonWriter;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import io.tlsweep.core.tls.CaptureBindingHandler;
import io.tlsweep.core.tls.TlsProvider;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Servers that misbehave below TLS, each a real socket on 127.0.0.x, scanned through the whole
 * engine with both TLS providers: every such outcome of the status taxonomy, checked on the record.
 */
class HostileServersTest {

    private static X509Certificate anchor;

    @BeforeAll
    static void pki() {
        // No server here sends a certificate; the analyzer still needs an anchor to exist.
        anchor = TestPki.create("hostile").root().certificate();
    }

    private static ScanConfig config(TlsProvider provider) {
        return shortTimeouts().provider(provider).build();
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void tarpitTimesOutInTheHandshake(TlsProvider provider) throws Exception {
        try (FakeTarpitServer server = new FakeTarpitServer(FakeServer.loopback(41))) {
            ScanRecord r = scanOne(config(provider), server.target(), anchor);

            assertEquals(Status.TIMEOUT, r.status(), r.toString());
            assertEquals(Phase.HANDSHAKE, r.phase());
            assertEquals("no handshake within the timeout", r.error());
            assertEquals(1, r.attempts());
            assertNotNull(r.timings().connectMs(), "the connection was made");
            assertNull(r.timings().handshakeMs(), "the handshake never finished");
            assertTrue(r.timings().totalMs() >= HANDSHAKE_TIMEOUT.toMillis(), r.timings().toString());
            // The total deadline is 12x the handshake timeout: staying under it shows the handshake
            // timer fired (both report the same status and text).
            assertTrue(r.timings().totalMs() < TOTAL_TIMEOUT.toMillis(), r.timings().toString());
            assertNoTlsResult(r);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void fullAcceptQueueTimesOutInConnect(TlsProvider provider) throws Exception {
        try (FakeBacklogServer server = new FakeBacklogServer(FakeServer.loopback(42))) {
            assumeTrue(server.fill(16, 300),
                    "the kernel kept accepting connections into a backlog-1 queue; no SYN was dropped");
            Target target = new Target(server.address(), server.port(), Transport.TCP, null, null);

            ScanRecord r = scanOne(config(provider), target, anchor);

            assertEquals(Status.TIMEOUT, r.status(), r.toString());
            assertEquals(Phase.CONNECT, r.phase());
            assertEquals("no connection within the timeout", r.error());
            assertNull(r.timings().connectMs(), "never connected");
            assertNull(r.timings().handshakeMs());
            assertTrue(r.timings().totalMs() >= CONNECT_TIMEOUT.toMillis(), r.timings().toString());
            assertTrue(r.timings().totalMs() < TOTAL_TIMEOUT.toMillis(), r.timings().toString());
            assertNoTlsResult(r);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void resetBeforeAnyByteIsReset(TlsProvider provider) throws Exception {
        try (FakeResetServer server = new FakeResetServer(FakeServer.loopback(43))) {
            ScanRecord r = scanOne(config(provider), server.target(), anchor);

            assertEquals(Status.RESET, r.status(), r.toString());
            assertEquals(Phase.HANDSHAKE, r.phase());
            assertEquals("connection reset by peer", r.error());
            assertNotNull(r.timings().connectMs());
            assertNoTlsResult(r);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void cleanCloseBeforeAnyByteIsClosed(TlsProvider provider) throws Exception {
        try (FakeClosingServer server = new FakeClosingServer(FakeServer.loopback(44))) {
            ScanRecord r = scanOne(config(provider), server.target(), anchor);

            assertEquals(Status.CLOSED, r.status(), r.toString());
            assertEquals(Phase.HANDSHAKE, r.phase());
            assertEquals("peer closed the connection during the handshake", r.error());
            assertNotNull(r.timings().connectMs());
            assertNoTlsResult(r);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void garbageIsNotTlsWithTheFirst64BytesEscaped(TlsProvider provider) throws Exception {
        byte[] garbage = new byte[300];
        new Random(20240917L).nextBytes(garbage);
        // A first byte below 0x80 and outside 20..24 cannot start a TLS record or an SSLv2 header,
        // so the answer is unambiguously not TLS from its first byte on.
        garbage[0] = 0x07;
        try (FakeBannerServer server = new FakeBannerServer(FakeServer.loopback(45), garbage)) {
            ScanRecord r = scanOne(config(provider), server.target(), anchor);

            assertEquals(Status.NOT_TLS, r.status(), r.toString());
            assertEquals(Phase.HANDSHAKE, r.phase());
            assertEquals("peer answered with non-TLS data", r.error());
            byte[] kept = Arrays.copyOf(garbage, CaptureBindingHandler.FIRST_BYTES_LIMIT);
            assertEquals(NdjsonWriter.escapeBytes(kept, kept.length), r.firstBytes(),
                    "exactly the first 64 bytes, escaped");
            assertTrue(r.firstBytes().chars().allMatch(c -> c >= 0x20 && c <= 0x7e), "printable ASCII only");
            assertNull(r.tls());
            assertNull(r.certs());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void endlessBannerIsNotTlsWithoutReadingTheStream(TlsProvider provider) throws Exception {
        // Timeouts far above what the verdict needs: a probe that kept reading the stream, looking
        // for a TLS record, would end in `timeout`; `not_tls` means it stopped at the first bytes.
        Duration patient = Duration.ofSeconds(5);
        ScanConfig config = ScanConfig.builder().provider(provider)
                .connectTimeout(patient).handshakeTimeout(patient).totalTimeout(patient).build();
        try (FakeEndlessBannerServer server = new FakeEndlessBannerServer(FakeServer.loopback(46))) {
            ScanRecord r = scanOne(config, server.target(), anchor);

            assertEquals(Status.NOT_TLS, r.status(), r.toString());
            assertEquals(Phase.HANDSHAKE, r.phase());
            assertTrue(r.firstBytes().startsWith(FakeEndlessBannerServer.GREETING + "tlsweep endless banner, line 1 "),
                    r.firstBytes());
            assertEquals(CaptureBindingHandler.FIRST_BYTES_LIMIT,
                    r.firstBytes().replace("\\r", "\r").replace("\\n", "\n").length(), "64 bytes kept");
            assertTrue(server.awaitConnectionEnded(10, TimeUnit.SECONDS), "the probe closed the connection");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void smtpBannerIsNotTlsAndShowsTheBanner(TlsProvider provider) throws Exception {
        byte[] banner = "220 mail ESMTP\r\n".getBytes(StandardCharsets.US_ASCII);
        try (FakeBannerServer server = new FakeBannerServer(FakeServer.loopback(47), banner)) {
            ScanRecord r = scanOne(config(provider), server.target(), anchor);

            assertEquals(Status.NOT_TLS, r.status(), r.toString());
            assertEquals(Phase.HANDSHAKE, r.phase());
            assertEquals("220 mail ESMTP\\r\\n", r.firstBytes());
            assertEquals(1, r.attempts());
            assertNull(r.tls());
            assertNull(r.certs());
            assertTrue(r.findings().isEmpty(), r.findings().toString());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void tarpitIsRetriedOnTimeoutWithOneRecord(TlsProvider provider) throws Exception {
        ScanConfig config = shortTimeouts().provider(provider).retries(2).build();
        try (FakeTarpitServer server = new FakeTarpitServer(FakeServer.loopback(48))) {
            ScanRecord r = scanOne(config, server.target(), anchor);

            assertEquals(Status.TIMEOUT, r.status(), r.toString());
            assertEquals(Phase.HANDSHAKE, r.phase());
            assertEquals(3, r.attempts(), "1 + retries");
            assertEquals(3, server.accepted(), "each attempt is a new connection");
            // The record describes the last attempt only, not the sum of the three.
            assertTrue(r.timings().totalMs() >= HANDSHAKE_TIMEOUT.toMillis(), r.timings().toString());
            assertTrue(r.timings().totalMs() < TOTAL_TIMEOUT.toMillis(), r.timings().toString());
        }
    }

    private static void assertNoTlsResult(ScanRecord r) {
        assertNull(r.tls(), "no TLS parameters without a finished handshake");
        assertNull(r.certs(), "no certificate was sent");
        assertNull(r.firstBytes(), "first_bytes belongs to not_tls only");
        assertTrue(r.findings().isEmpty(), r.findings().toString());
    }
}
