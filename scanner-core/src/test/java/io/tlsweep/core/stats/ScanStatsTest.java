package io.tlsweep.core.stats;

import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.FindingCode;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.result.Timings;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScanStatsTest {

    private static final Instant T = Instant.parse("2026-11-25T20:30:00.123Z");

    private static ScanRecord rec(Status s, Timings t, FindingCode... codes) {
        List<Finding> findings = new ArrayList<>();
        for (FindingCode c : codes) {
            findings.add(Finding.of(c, "x"));
        }
        return new ScanRecord(T, "127.0.0.1", 443, "tcp", null, null, s, null, null, 1, t, null, null, null,
                findings);
    }

    @Test
    void theEnumerationLineCountsEndpointsHellosAndIncompleteOnes() {
        ScanStats stats = new ScanStats();
        assertEquals("enumeration: 0 endpoints, 0 hellos (0.0 per endpoint), 0 incomplete", stats.enumerationLine());
        ScanRecord plain = rec(Status.SUCCESS, null);
        stats.record(plain);
        stats.record(enumerated(plain, 10, true));
        stats.record(enumerated(plain, 1_235, false));
        assertEquals("enumeration: 2 endpoints, 1,245 hellos (622.5 per endpoint), 1 incomplete",
                stats.enumerationLine());
    }

    @Test
    void theGradeLineCountsLettersBestFirst() {
        ScanStats stats = new ScanStats();
        assertEquals("grades: none", stats.gradeLine());
        ScanRecord plain = rec(Status.SUCCESS, null);
        stats.record(plain);
        for (String letter : List.of("F", "A+", "T", "B", "A+", "Q")) {
            stats.record(enumerated(plain, 10, true).withGrade(new io.tlsweep.core.result.Grade(letter, 50, List.of())));
        }
        assertEquals("grades: A+ 2, B 1, F 1, T 1, Q 1", stats.gradeLine());
    }

    private static ScanRecord enumerated(ScanRecord r, int hellos, boolean complete) {
        return new ScanRecord(r.timestamp(), r.ip(), r.port(), r.transport(), r.host(), r.sni(), r.status(), r.error(),
                r.phase(), r.attempts(), r.timings(), r.tls(), r.firstBytes(), r.certs(), r.findings(), r.service(),
                r.tlsMode(), r.prelude(), r.diagnosis(), r.quic(), r.http(), r.acme(), r.sniMatrix(), r.fingerprints(),
                new io.tlsweep.core.result.EnumerationInfo("fast", hellos, complete, List.of(), List.of(), null), null);
    }

    @Test
    void countsByStatusAndFindingLargestFirst() {
        ScanStats stats = new ScanStats();
        stats.record(rec(Status.TIMEOUT, null));
        stats.record(rec(Status.SUCCESS, null, FindingCode.EXPIRED, FindingCode.SELF_SIGNED));
        stats.record(rec(Status.SUCCESS, null, FindingCode.EXPIRED));
        stats.record(rec(Status.REFUSED, null));
        stats.record(rec(Status.SUCCESS, null));

        assertEquals(5, stats.done());
        assertEquals(List.of("success", "refused", "timeout"), List.copyOf(stats.byStatus().keySet()),
                "count desc, then name");
        assertEquals(3L, stats.byStatus().get("success"));
        assertEquals(Map.of("expired", 2L, "self_signed", 1L), stats.byFinding());
        assertEquals("expired", stats.byFinding().keySet().iterator().next());
    }

    @Test
    void concurrentRecordingLosesNothing() throws Exception {
        ScanStats stats = new ScanStats();
        int threads = 8;
        int each = 20_000;
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                for (int j = 0; j < each; j++) {
                    stats.record(rec(j % 2 == 0 ? Status.SUCCESS : Status.RESET, new Timings(0.5, 2.0, 2.5),
                            FindingCode.WEAK_CIPHER));
                }
            });
            ts.add(t);
            t.start();
        }
        // a reporter harvesting concurrently must not lose or double-count values
        for (int i = 0; i < 20; i++) {
            stats.progressLine(threads * each, 0, Duration.ofMillis(300L * (i + 1)));
        }
        for (Thread t : ts) {
            t.join();
        }
        long n = (long) threads * each;
        assertEquals(n, stats.done());
        assertEquals(n / 2, stats.byStatus().get("success"));
        assertEquals(n, stats.byFinding().get("weak_cipher"));
        assertEquals(n, stats.connectMicros().getTotalCount());
        assertEquals(n, stats.handshakeMicros().getTotalCount());
    }

    @Test
    void latencyIsRecordedInMicrosecondsAndClamped() {
        ScanStats stats = new ScanStats();
        for (int i = 0; i < 99; i++) {
            stats.record(rec(Status.SUCCESS, new Timings(1.0, 10.0, 11.0)));
        }
        stats.record(rec(Status.SUCCESS, new Timings(100.0, null, 100.0)));
        stats.record(rec(Status.SUCCESS, new Timings(0.0, 1e12, Double.NaN))); // clamped, not thrown
        Histogram c = stats.connectMicros();
        assertEquals(101, c.getTotalCount());
        assertEquals(1, c.getMinValue(), "a sub-microsecond connect counts as 1 us");
        assertEquals(1000, c.getValueAtPercentile(50));
        assertTrue(c.getMaxValue() >= 100_000 && c.getMaxValue() <= 100_100, "max " + c.getMaxValue());
        Histogram h = stats.handshakeMicros();
        assertEquals(100, h.getTotalCount(), "null handshake is not a measurement");
        assertTrue(h.getMaxValue() >= LatencyTrack.MAX_MICROS * 0.999, "clamped to 10 min");
    }

    @Test
    void progressLineMatchesTheDocumentedLayout() {
        ScanStats stats = new ScanStats();
        for (int i = 0; i < 12_345; i++) {
            stats.record(rec(Status.SUCCESS, null));
        }
        // first tick: the whole-scan average, 12,345 in 2.932 s = 4,210/s; 53,191 left -> 12.6 s
        assertEquals("12,345/65,536 (18.8%) 4,210/s in-flight 512 ETA 0:13",
                stats.progressLine(65_536, 512, Duration.ofMillis(2932)));
    }

    @Test
    void progressRateFollowsTheLastIntervalNotTheWholeScan() {
        ScanStats stats = new ScanStats();
        for (int i = 0; i < 1000; i++) {
            stats.record(rec(Status.SUCCESS, null));
        }
        stats.progressLine(10_000, 0, Duration.ofSeconds(1));           // 1,000/s on average
        for (int i = 0; i < 100; i++) {
            stats.record(rec(Status.TIMEOUT, null));
        }
        String line = stats.progressLine(10_000, 3, Duration.ofSeconds(2)); // only 100 in the last second
        assertEquals("1,100/10,000 (11.0%) 100/s in-flight 3 ETA 1:29", line);
        // a tick 10 ms later is too close to measure: the last rate is kept
        assertEquals("1,100/10,000 (11.0%) 100/s in-flight 3 ETA 1:29",
                stats.progressLine(10_000, 3, Duration.ofMillis(2010)));
    }

    @Test
    void progressWithoutKnownTotalOrRate() {
        ScanStats stats = new ScanStats();
        assertEquals("0/100 (0.0%) 0/s in-flight 0 ETA --:--", stats.progressLine(100, 0, Duration.ZERO));
        ScanStats unknownSize = new ScanStats();
        unknownSize.record(rec(Status.SUCCESS, null));
        assertEquals("1 1/s in-flight 7", unknownSize.progressLine(-1, 7, Duration.ofSeconds(1)));
    }

    @Test
    void liveLatencyCoversOnlyTheLastProgressInterval() {
        ScanStats stats = new ScanStats();
        for (int i = 0; i < 10; i++) {
            stats.record(rec(Status.REFUSED, new Timings(2.0, null, 2.0)));
        }
        stats.progressLine(100, 0, Duration.ofSeconds(1));
        assertEquals("connect p50 2.00 p99 2.00 ms, handshake -", stats.liveLatency());
        stats.progressLine(100, 0, Duration.ofSeconds(2)); // nothing new in this interval
        assertEquals("connect -, handshake -", stats.liveLatency());
        assertEquals(10, stats.connectMicros().getTotalCount(), "the whole-scan histogram keeps everything");
    }

    @Test
    void clockFormatsMinutesAndHours() {
        assertEquals("0:00", ScanStats.clock(0));
        assertEquals("0:59", ScanStats.clock(59));
        assertEquals("12:05", ScanStats.clock(725));
        assertEquals("1:00:01", ScanStats.clock(3601));
    }

    @Test
    void summaryListsCountsAndPercentiles() {
        // HdrHistogram reports the top of a value's bucket: 10 ms shows as 10.01 at 3 digits
        ScanStats stats = new ScanStats();
        for (int i = 0; i < 99; i++) {
            stats.record(rec(Status.SUCCESS, new Timings(1.0, 10.0, 11.0)));
        }
        stats.record(rec(Status.ALERT, new Timings(1.0, null, 2.0), FindingCode.NAME_MISMATCH));
        String s = stats.summary(Duration.ofSeconds(4));
        assertTrue(s.startsWith("probes: 100 in 0:04 (25/s)\n"), s);
        assertTrue(s.indexOf("success") < s.indexOf("alert"), "largest first: " + s);
        assertTrue(s.contains("name_mismatch"), s);
        assertTrue(s.matches("(?s).*\\n  connect +1\\.00 +1\\.00 +1\\.00 +1\\.00\\n.*"), s);
        assertTrue(s.matches("(?s).*\\n  handshake( +10\\.0\\d){4}\\n.*"), s);
    }

    @Test
    void emptySummaryDoesNotPretend() {
        String s = new ScanStats().summary(Duration.ZERO);
        assertTrue(s.contains("probes: 0 in 0:00 (0/s)"), s);
        assertTrue(s.contains("by status: none"), s);
        assertTrue(s.matches("(?s).*connect +- +- +- +-\\n.*"), s);
    }
}
