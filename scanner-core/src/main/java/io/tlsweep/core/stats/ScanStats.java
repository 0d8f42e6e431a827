package io.tlsweep.core.stats;

import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Timings;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live and final statistics of a scan. {@link #record} is called from worker threads for every
 * finished probe and never blocks (striped counters and HdrHistogram recorders); the progress and
 * summary methods are for one reporting thread.
 *
 * <pre>{@code
 * ScanStats stats = new ScanStats();
 * stats.record(rec);                                        // per probe, any thread
 * System.err.println(stats.progressLine(total, inFlight, elapsed));   // every second or so
 * System.err.print(stats.summary(elapsed));                 // at the end
 * }</pre>
 */
public final class ScanStats {

    /** Below this the interval since the last progress line is too short for a meaningful rate. */
    private static final long MIN_RATE_INTERVAL_NANOS = 250_000_000L;

    private final LongAdder done = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> byFinding = new ConcurrentHashMap<>();
    private final LatencyTrack connect = new LatencyTrack();
    private final LatencyTrack handshake = new LatencyTrack();
    // --enum: endpoints enumerated, their hellos, and those whose enumeration is incomplete
    private final LongAdder enumerated = new LongAdder();
    private final LongAdder enumHellos = new LongAdder();
    private final LongAdder enumIncomplete = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> byGrade = new ConcurrentHashMap<>();

    // progress-line state: the previous tick, for the live (not whole-scan) rate
    private long lastDone;
    private long lastElapsedNanos;
    private double lastRate;
    // the latency of the last progress interval, for liveLatency()
    private Histogram liveConnect = new Histogram(1, LatencyTrack.MAX_MICROS, 3);
    private Histogram liveHandshake = new Histogram(1, LatencyTrack.MAX_MICROS, 3);

    /** Counts one finished probe. Thread-safe, lock-free. */
    public void record(ScanRecord r) {
        byStatus.computeIfAbsent(r.status().wire(), k -> new LongAdder()).increment();
        List<Finding> findings = r.findings();
        if (findings != null) {
            for (Finding f : findings) {
                byFinding.computeIfAbsent(f.code(), k -> new LongAdder()).increment();
            }
        }
        if (r.enumeration() != null) {
            enumerated.increment();
            enumHellos.add(r.enumeration().hellos());
            if (!r.enumeration().complete()) {
                enumIncomplete.increment();
            }
        }
        if (r.grade() != null) {
            byGrade.computeIfAbsent(r.grade().letter(), k -> new LongAdder()).increment();
        }
        Timings t = r.timings();
        if (t != null) {
            connect.record(t.connectMs());
            handshake.record(t.handshakeMs());
        }
        done.increment(); // last: a reader that sees the count also sees the details
    }

    /** Probes recorded so far. */
    public long done() {
        return done.sum();
    }

    /** Counts by status wire name, largest first (ties by name). */
    public Map<String, Long> byStatus() {
        return sortedSnapshot(byStatus);
    }

    /** Counts by finding code, largest first (ties by code). A probe with two findings counts twice. */
    public Map<String, Long> byFinding() {
        return sortedSnapshot(byFinding);
    }

    /** Connect latency of every probe that connected, in microseconds (a copy). */
    public Histogram connectMicros() {
        return connect.total();
    }

    /** Handshake latency of every probe that finished a handshake, in microseconds (a copy). */
    public Histogram handshakeMicros() {
        return handshake.total();
    }

    /**
     * One status line, e.g. {@code 12,345/65,536 (18.8%) 4,210/s in-flight 512 ETA 0:13}.
     *
     * <p>The rate is the one since the previous call (at least 250 ms ago; the whole-scan average
     * before that), so it follows a scan that speeds up or stalls; the ETA divides what is left by
     * it. With {@code total <= 0} (unknown size) the percentage and ETA are left out. Also
     * harvests the latency recorders, which keeps each interval short; see {@link #liveLatency()}.
     */
    public synchronized String progressLine(long total, int inFlight, Duration elapsed) {
        long now = done();
        long elapsedNanos = elapsed.toNanos();
        long dt = elapsedNanos - lastElapsedNanos;
        boolean tooSoon = lastElapsedNanos > 0 && dt >= 0 && dt < MIN_RATE_INTERVAL_NANOS;
        if (!tooSoon) { // a new tick; otherwise keep showing the last one's rate
            lastRate = lastElapsedNanos > 0 && dt > 0
                    ? (now - lastDone) * 1e9 / dt                             // live: since the last tick
                    : elapsedNanos > 0 ? now * 1e9 / elapsedNanos : 0;       // first tick: scan average
            lastDone = now;
            lastElapsedNanos = elapsedNanos;
            harvestLive();
        }
        double rate = lastRate;

        StringBuilder b = new StringBuilder(80);
        if (total > 0) {
            b.append(String.format(Locale.ROOT, "%,d/%,d (%.1f%%)", now, total, 100.0 * now / total));
        } else {
            b.append(String.format(Locale.ROOT, "%,d", now));
        }
        b.append(String.format(Locale.ROOT, " %,d/s in-flight %,d", Math.round(rate), inFlight));
        if (total > 0) {
            long left = Math.max(0, total - now);
            b.append(" ETA ").append(left == 0 ? "0:00"
                    : rate > 0 ? clock(Math.round(left / rate)) : "--:--");
        }
        return b.toString();
    }

    private void harvestLive() {
        liveConnect = connect.harvestInterval();
        liveHandshake = handshake.harvestInterval();
    }

    /**
     * Latency over the interval before the last {@link #progressLine} call, e.g.
     * {@code connect p50 0.21 p99 1.30 ms, handshake p50 3.10 p99 9.80 ms}; "-" where nothing was
     * measured in that interval.
     */
    public synchronized String liveLatency() {
        return "connect " + p50p99(liveConnect) + ", handshake " + p50p99(liveHandshake);
    }

    /**
     * The end-of-scan report, several lines ending in a newline: probes and average rate, counts by
     * status and by finding (largest first), and connect and handshake latency p50/p90/p99/max in
     * milliseconds over the whole scan. Percentiles are HdrHistogram's: the top of the value's
     * bucket, at most 0.1% above the true value (3 significant digits).
     */
    public synchronized String summary(Duration elapsed) {
        long n = done();
        double seconds = elapsed.toNanos() / 1e9;
        StringBuilder b = new StringBuilder(512);
        b.append(String.format(Locale.ROOT, "probes: %,d in %s (%,d/s)%n", n, clock(elapsed.toSeconds()),
                seconds > 0 ? Math.round(n / seconds) : 0));
        counts(b, "by status:", byStatus());
        counts(b, "by finding:", byFinding());
        b.append(String.format(Locale.ROOT, "latency (ms) %10s %10s %10s %10s%n", "p50", "p90", "p99", "max"));
        latencyRow(b, "connect", connect.total());
        latencyRow(b, "handshake", handshake.total());
        return b.toString();
    }

    /**
     * The summary's {@code --enum} line: {@code enumeration: N endpoints, H hellos (X per endpoint),
     * I incomplete}. Printed by the CLI when enumeration is on, even for none.
     */
    public String enumerationLine() {
        long n = enumerated.sum();
        long h = enumHellos.sum();
        return String.format(Locale.ROOT, "enumeration: %,d endpoints, %,d hellos (%.1f per endpoint), %,d incomplete",
                n, h, n == 0 ? 0.0 : (double) h / n, enumIncomplete.sum());
    }

    /** The rubric's letters, best first (docs/grading.md); any other letter is listed after them. */
    private static final List<String> LETTERS = List.of("A+", "A", "B", "C", "D", "E", "F", "T");

    /**
     * The summary's grade line under {@code --enum}: {@code grades: A+ 3, B 2, F 1} (letters that
     * occurred, best first), or {@code grades: none}.
     */
    public String gradeLine() {
        StringBuilder b = new StringBuilder("grades:");
        java.util.TreeMap<String, LongAdder> others = new java.util.TreeMap<>(byGrade);
        String sep = " ";
        for (String letter : LETTERS) {
            LongAdder n = others.remove(letter);
            if (n != null) {
                b.append(sep).append(letter).append(' ').append(String.format(Locale.ROOT, "%,d", n.sum()));
                sep = ", ";
            }
        }
        for (Map.Entry<String, LongAdder> e : others.entrySet()) {
            b.append(sep).append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%,d", e.getValue().sum()));
            sep = ", ";
        }
        return sep.equals(" ") ? "grades: none" : b.toString();
    }

    private static void counts(StringBuilder b, String title, Map<String, Long> counts) {
        b.append(title);
        if (counts.isEmpty()) {
            b.append(" none");
        }
        b.append(System.lineSeparator());
        counts.forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %-24s %,12d%n", k, v)));
    }

    private static void latencyRow(StringBuilder b, String name, Histogram h) {
        if (h.getTotalCount() == 0) {
            b.append(String.format(Locale.ROOT, "  %-10s %10s %10s %10s %10s%n", name, "-", "-", "-", "-"));
            return;
        }
        b.append(String.format(Locale.ROOT, "  %-10s %10.2f %10.2f %10.2f %10.2f%n", name,
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                ms(h.getMaxValue())));
    }

    private static String p50p99(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "p50 %.2f p99 %.2f ms", ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(99)));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String clock(long totalSeconds) {
        long s = Math.max(0, totalSeconds);
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
                : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }

    private static Map<String, Long> sortedSnapshot(ConcurrentHashMap<String, LongAdder> counters) {
        Map<String, Long> out = new LinkedHashMap<>();
        counters.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue().sum()))
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEachOrdered(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
