package io.tlsweep.core.stats;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Steady-state CPU per probe of the whole process: every thread (event loops, analysis workers,
 * the NDJSON writer, GC, JIT), not just ours. The process CPU clock is read once when the
 * warm-up share of the probes is done and once at the end; the difference divided by the probes
 * finished in between is the figure. Leaving the first probes out keeps JVM start-up, class
 * loading and most JIT compilation out of it, so a sweep measures what a long sweep costs.
 *
 * <pre>{@code
 * ProcessCpuMeter cpu = ProcessCpuMeter.forScan(total);   // null when the JVM has no process CPU clock
 * cpu.probeDone();                                          // once per record, any thread
 * err.println(cpu.summaryLine());                            // at the end; null if too few probes
 * }</pre>
 */
public final class ProcessCpuMeter {

    /** Share of the probes treated as warm-up: JIT compilation of the hot paths is mostly over by then. */
    public static final double WARM_UP_SHARE = 0.2;

    private final LongSupplier cpuNanos;
    private final long warmUpProbes;
    private final AtomicLong done = new AtomicLong();
    private volatile long cpuAtWarmUp = -1;

    ProcessCpuMeter(LongSupplier cpuNanos, long warmUpProbes) {
        this.cpuNanos = cpuNanos;
        this.warmUpProbes = Math.max(1, warmUpProbes);
    }

    /**
     * A meter for a scan of {@code totalProbes} (warm-up: {@link #WARM_UP_SHARE} of them), or null
     * when this JVM does not expose the process CPU time (non-HotSpot management beans).
     */
    public static ProcessCpuMeter forScan(long totalProbes) {
        LongSupplier clock = processCpuClock();
        return clock == null ? null : new ProcessCpuMeter(clock, (long) Math.ceil(totalProbes * WARM_UP_SHARE));
    }

    private static LongSupplier processCpuClock() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean hotspot && hotspot.getProcessCpuTime() >= 0) {
            return hotspot::getProcessCpuTime;
        }
        return null;
    }

    /** Counts one finished probe; the one that completes the warm-up reads the clock. Thread-safe. */
    public void probeDone() {
        if (done.incrementAndGet() == warmUpProbes) {
            cpuAtWarmUp = cpuNanos.getAsLong();
        }
    }

    /**
     * CPU nanoseconds per probe since the warm-up, reading the clock now, or -1 when no probe
     * finished after the warm-up.
     */
    public double nanosPerProbe() {
        long start = cpuAtWarmUp;
        long measured = done.get() - warmUpProbes;
        if (start < 0 || measured <= 0) {
            return -1;
        }
        return (double) (cpuNanos.getAsLong() - start) / measured;
    }

    /**
     * E.g. {@code cpu: 412 us per probe (process CPU over the last 6,502 of 8,128 probes, after
     * warm-up)}, or null when too few probes finished to say.
     */
    public String summaryLine() {
        double perProbe = nanosPerProbe();
        if (perProbe < 0) {
            return null;
        }
        long total = done.get();
        return String.format(Locale.ROOT, "cpu: %,d us per probe (process CPU over the last %,d of %,d probes, "
                + "after warm-up)", Math.round(perProbe / 1000), total - warmUpProbes, total);
    }
}
