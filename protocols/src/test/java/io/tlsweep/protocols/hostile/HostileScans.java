package io.tlsweep.protocols.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.engine.ProbeKind;
import io.tlsweep.core.engine.ProbePlanner;
import io.tlsweep.core.engine.ScanConfig;
import io.tlsweep.core.engine.ScanEngine;
import io.tlsweep.core.engine.ScanRun;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.target.Target;
import io.tlsweep.protocols.Protocols;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs the real engine over hostile servers, each probed with the dialect its front speaks. */
final class HostileScans {

    private HostileScans() {
    }

    /** What one run left behind: the engine's counters read after completion. */
    record RunEnd(int inFlight, long launched, long finished) {
    }

    /** Probes every server's dialect (implicit TLS where it has none), as {@code --starttls <dialect>} would. */
    static ProbePlanner plannerFor(Collection<HostileServer> servers) {
        Map<String, ProbeKind> byAddress = new HashMap<>();
        for (HostileServer s : servers) {
            byAddress.put(key(s.target()), s.dialect() == null ? ProbeKind.IMPLICIT_TLS
                    : new ProbeKind(s.dialect(), Protocols.dialect(s.dialect()).orElseThrow()));
        }
        return t -> byAddress.get(key(t));
    }

    /** Scans {@code targets}; every record goes to {@code records} (from worker threads). */
    static RunEnd scan(ScanConfig config, List<Target> targets, ProbePlanner planner, X509Certificate anchor,
                       Consumer<ScanRecord> records) throws Exception {
        CertificateAnalyzer analyzer = new CertificateAnalyzer(TrustAnchors.of(List.of(anchor)));
        try (ScanEngine engine = new ScanEngine(config, analyzer, planner)) {
            ScanRun run = engine.start(targets.iterator(), records);
            run.completion().get(120, TimeUnit.SECONDS);
            RunEnd end = new RunEnd(run.inFlight(), run.launched(), run.finished());
            assertEquals(targets.size(), end.finished(), "records delivered");
            return end;
        }
    }

    static String key(Target t) {
        return t.ip().getHostAddress() + "|" + t.port();
    }

    static String key(ScanRecord r) {
        return r.ip() + "|" + r.port();
    }
}
