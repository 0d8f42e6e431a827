package io.tlsweep.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.target.Target;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@link ScanEngine} over a few targets, as {@code ScanEngineLabTest} does, and checks
 * the engine's first promise on the way: exactly one record per target.
 */
final class EngineScans {

    /** Short enough to keep the suite fast, long enough for a TLS handshake on a loaded 2-core box. */
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(800);
    /** Far above the others, so a test can tell which timer fired. */
    static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(10);

    private EngineScans() {
    }

    /** Settings with the short timeouts above; callers adjust the rest. */
    static ScanConfig.Builder shortTimeouts() {
        return ScanConfig.builder()
                .connectTimeout(CONNECT_TIMEOUT)
                .handshakeTimeout(HANDSHAKE_TIMEOUT)
                .totalTimeout(TOTAL_TIMEOUT);
    }

    static ScanRecord scanOne(ScanConfig config, Target target, X509Certificate trustAnchor) throws Exception {
        return scan(config, List.of(target), trustAnchor).get(key(target));
    }

    /** Records keyed by {@link #key(Target)}; fails on a duplicate or a missing record. */
    static Map<String, ScanRecord> scan(ScanConfig config, List<Target> targets, X509Certificate trustAnchor)
            throws Exception {
        CertificateAnalyzer analyzer = new CertificateAnalyzer(TrustAnchors.of(List.of(trustAnchor)));
        // Every delivery is kept, not just the last per key: a duplicate must fail the test here,
        // not vanish into a worker thread's uncaught-exception handler.
        Queue<ScanRecord> delivered = new ConcurrentLinkedQueue<>();
        try (ScanEngine engine = new ScanEngine(config, analyzer)) {
            ScanRun run = engine.start(targets.iterator(), delivered::add);
            run.completion().get(120, TimeUnit.SECONDS);
        }
        Map<String, ScanRecord> records = new HashMap<>();
        for (ScanRecord r : delivered) {
            assertNull(records.put(r.ip() + "|" + r.port() + "|" + r.sni(), r), "second record for " + r);
        }
        assertEquals(targets.size(), records.size(), "one record per target");
        return records;
    }

    static String key(Target t) {
        return t.ip().getHostAddress() + "|" + t.port() + "|" + t.sni();
    }
}
