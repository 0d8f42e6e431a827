package io.tlsweep.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.lab.fake.ToyDialect;
import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.prelude.Lines;
import io.tlsweep.core.prelude.PreludeStep;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The two clocks of a plaintext prelude, with a real socket: silence is cut after the handshake
 * timeout; a server that trickles bytes (re-arming the idle clock) is cut by the attempt's total
 * timeout. Lower bounds only on elapsed time.
 */
class PreludeTimeoutsTest {

    /** Server-first toy dialect: a greeting line must contain "GO"; it never comes. */
    private static final StartTlsDialect WAITS_FOR_GO = ToyDialect.serverFirst("toy", in -> {
        String line = Lines.readLine(in);
        return line != null && line.contains("GO") ? PreludeStep.START_TLS : PreludeStep.NEED_MORE;
    });

    /**
     * Accepts one connection and writes one byte every {@code everyMillis} (0: never writes); the
     * thread ends when the probe hangs up (a write fails) or the socket is closed.
     */
    private static ServerSocket trickle(InetAddress address, long everyMillis) throws Exception {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(address, 0));
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                OutputStream out = s.getOutputStream();
                while (!s.isClosed()) {
                    Thread.sleep(everyMillis == 0 ? 50 : everyMillis);
                    if (everyMillis > 0) {
                        out.write('.');
                        out.flush();
                    }
                }
            } catch (Exception ignored) {
                // the probe hung up: expected
            }
        }, "trickle");
        t.setDaemon(true);
        t.start();
        return server;
    }

    private static ScanRecord scan(InetAddress address, int port, Duration idle, Duration total) throws Exception {
        ScanConfig config = ScanConfig.builder().handshakeTimeout(idle).totalTimeout(total).build();
        CertificateAnalyzer analyzer = new CertificateAnalyzer(
                TrustAnchors.of(List.of(TestPki.create("prelude timeouts").root().certificate())));
        List<ScanRecord> records = new CopyOnWriteArrayList<>();
        try (ScanEngine engine = new ScanEngine(config, analyzer, t -> new ProbeKind("toy", WAITS_FOR_GO))) {
            engine.start(List.of(new Target(address, port, Transport.TCP, null, null)).iterator(), records::add)
                    .completion().get(60, TimeUnit.SECONDS);
        }
        assertEquals(1, records.size());
        return records.get(0);
    }

    @Test
    void silenceIsCutByTheIdleClock() throws Exception {
        InetAddress address = InetAddress.getByAddress(new byte[] {127, 0, 0, 71});
        try (ServerSocket server = trickle(address, 0)) {
            ScanRecord r = scan(address, server.getLocalPort(), Duration.ofMillis(400), Duration.ofSeconds(20));
            assertEquals(Status.TIMEOUT, r.status());
            assertEquals(Phase.PRELUDE, r.phase());
            assertEquals("server silent for 400 ms during the plaintext prelude", r.error());
            assertTrue(r.timings().totalMs() >= 390, r.timings().toString());
            assertTrue(r.timings().totalMs() < 19_000, "the idle clock, not the total one: " + r.timings());
        }
    }

    @Test
    void aTricklingServerIsCutByTheTotalClock() throws Exception {
        InetAddress address = InetAddress.getByAddress(new byte[] {127, 0, 0, 72});
        try (ServerSocket server = trickle(address, 100)) {
            ScanRecord r = scan(address, server.getLocalPort(), Duration.ofMillis(600), Duration.ofMillis(1500));
            assertEquals(Status.TIMEOUT, r.status());
            assertEquals(Phase.PRELUDE, r.phase());
            assertEquals("no TLS upgrade within the timeout", r.error(), "every byte re-armed the idle clock");
            assertTrue(r.timings().totalMs() >= 1490, r.timings().toString());
        }
    }
}
