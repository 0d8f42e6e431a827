package io.tlsweep.protocols.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.engine.ScanConfig;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.tls.TlsProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The issue's own tarpit, one byte per second (the matrix drips faster to stay quick): over
 * implicit TLS the handshake timeout ends it; in a prelude every byte re-arms the idle clock, so
 * the attempt's total timeout must, and does.
 */
class DripOneBytePerSecondTest {

    static final Duration IDLE = Duration.ofMillis(1500);
    static final Duration TOTAL = Duration.ofMillis(3500);
    static final long SLACK_MS = 2000;

    @Test
    void oneBytePerSecondIsCutByTheRightClock() throws Exception {
        ScanConfig config = ScanConfig.builder().provider(TlsProvider.preferred())
                .connectTimeout(Duration.ofSeconds(2)).handshakeTimeout(IDLE).totalTimeout(TOTAL).build();
        try (HostileLab lab = new HostileLab(Duration.ofSeconds(1))) {
            HostileServer tls = lab.start(HostileLab.loopback(4, 1), Placement.IMPLICIT_TLS, HostileBehaviour.DRIP, null);
            HostileServer smtp = lab.start(HostileLab.loopback(4, 2), Placement.MID_PRELUDE, HostileBehaviour.DRIP, "smtp");
            Map<String, ScanRecord> records = new ConcurrentHashMap<>();
            HostileScans.RunEnd end = HostileScans.scan(config, List.of(tls.target(), smtp.target()),
                    HostileScans.plannerFor(List.of(tls, smtp)), lab.trustAnchor(),
                    r -> assertNull(records.put(HostileScans.key(r), r), "one record each"));
            assertEquals(0, end.inFlight());
            assertTrue(lab.awaitAllClosed(Duration.ofSeconds(5)));

            ScanRecord handshake = records.get(HostileScans.key(tls.target()));
            assertEquals(Status.TIMEOUT, handshake.status(), handshake.toString());
            assertEquals(Phase.HANDSHAKE, handshake.phase());
            double tlsMs = handshake.timings().totalMs();
            assertTrue(tlsMs >= IDLE.toMillis() - 5 && tlsMs <= IDLE.toMillis() + SLACK_MS, handshake.timings().toString());

            ScanRecord prelude = records.get(HostileScans.key(smtp.target()));
            assertEquals(Status.TIMEOUT, prelude.status(), prelude.toString());
            assertEquals(Phase.PRELUDE, prelude.phase());
            assertEquals("no TLS upgrade within the timeout", prelude.error(), "each byte re-armed the idle clock");
            double preludeMs = prelude.timings().totalMs();
            assertTrue(preludeMs >= TOTAL.toMillis() - 5 && preludeMs <= TOTAL.toMillis() + SLACK_MS,
                    prelude.timings().toString());
            System.out.printf("drip 1 byte/s: implicit TLS %d ms, SMTP prelude %d ms%n",
                    Math.round(tlsMs), Math.round(preludeMs));
        }
    }
}
