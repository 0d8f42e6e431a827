package io.tlsweep.core.stats;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

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
 * err.println(cpu.threadsLine());                            // where it went, by thread
 * }</pre>
 *
 * <p>The split line divides the same interval into user and kernel time, from the kernel's own
 * accounting ({@code /proc/self/stat}, 10 ms ticks): the kernel share is the part no change to
 * tlsweep's code can remove (connect, send, receive, close, epoll; on loopback the server side's
 * receive path too), which is what the CPU goal of docs/performance.md is judged against.
 *
 * <p>The per-thread line splits the same interval by Java thread name (digits dropped, so the
 * event loops add up); "JVM" is the process CPU no Java thread accounts for: the JIT compilers,
 * the garbage collector and the VM's own threads.
 */
public final class ProcessCpuMeter {

    /** Share of the probes treated as warm-up: JIT compilation of the hot paths is mostly over by then. */
    public static final double WARM_UP_SHARE = 0.2;

    private final LongSupplier cpuNanos;
    private final Supplier<Map<String, Long>> threadNanos;
    private final Supplier<long[]> userKernelNanos;
    private volatile long[] userKernelAtWarmUp;
    private final long warmUpProbes;
    private final AtomicLong done = new AtomicLong();
    private volatile long cpuAtWarmUp = -1;
    private volatile Map<String, Long> threadsAtWarmUp = Map.of();

    ProcessCpuMeter(LongSupplier cpuNanos, long warmUpProbes) {
        this(cpuNanos, Map::of, warmUpProbes);
    }

    ProcessCpuMeter(LongSupplier cpuNanos, Supplier<Map<String, Long>> threadNanos, long warmUpProbes) {
        this(cpuNanos, threadNanos, () -> null, warmUpProbes);
    }

    ProcessCpuMeter(LongSupplier cpuNanos, Supplier<Map<String, Long>> threadNanos, Supplier<long[]> userKernelNanos,
                    long warmUpProbes) {
        this.cpuNanos = cpuNanos;
        this.threadNanos = threadNanos;
        this.userKernelNanos = userKernelNanos;
        this.warmUpProbes = Math.max(1, warmUpProbes);
    }

    /**
     * A meter for a scan of {@code totalProbes} (warm-up: {@link #WARM_UP_SHARE} of them), or null
     * when this JVM does not expose the process CPU time (non-HotSpot management beans).
     */
    public static ProcessCpuMeter forScan(long totalProbes) {
        LongSupplier clock = processCpuClock();
        return clock == null ? null : new ProcessCpuMeter(clock, ProcessCpuMeter::javaThreadCpu,
                ProcessCpuMeter::procSelfUserKernel, (long) Math.ceil(totalProbes * WARM_UP_SHARE));
    }

    /**
     * User and kernel CPU nanoseconds of this process from {@code /proc/self/stat} (utime, stime),
     * or null where there is no such file (not Linux) or it does not parse.
     */
    static long[] procSelfUserKernel() {
        try {
            return parseUserKernel(Files.readString(Path.of("/proc/self/stat")), 100);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * utime and stime (fields 14 and 15, in ticks of {@code 1/ticksPerSecond} s) of a
     * {@code /proc/PID/stat} line as nanoseconds, or null. The fields are counted after the last
     * ')' because the command name in field 2 may itself hold spaces and parentheses. USER_HZ is
     * 100 on every Linux architecture Java runs on.
     */
    static long[] parseUserKernel(String stat, long ticksPerSecond) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return null;
        }
        String[] f = stat.substring(close + 1).trim().split(" +");
        if (f.length < 13) {
            return null;
        }
        try {
            long perTick = 1_000_000_000L / ticksPerSecond;
            return new long[] {Long.parseLong(f[11]) * perTick, Long.parseLong(f[12]) * perTick};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** CPU nanoseconds of every live Java thread, summed by name with the digits dropped. */
    private static Map<String, Long> javaThreadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byGroup = new HashMap<>();
        if (!threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
            return byGroup;
        }
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            long nanos = threads.getThreadCpuTime(id);
            if (info != null && nanos > 0) {
                byGroup.merge(info.getThreadName().replaceAll("[-#]?[0-9]+", ""), nanos, Long::sum);
            }
        }
        return byGroup;
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
            threadsAtWarmUp = threadNanos.get();
            userKernelAtWarmUp = userKernelNanos.get();
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

    /**
     * The same interval by thread, largest first, e.g. {@code cpu by thread (us per probe):
     * multiThreadIoEventLoopGroup 290, tlsweep-result-sink 9, tlsweep-analysis 7, JVM 60}; null
     * when {@link #summaryLine()} is. Threads that ended during the interval are left out, so
     * their CPU shows under "JVM".
     */
    public String threadsLine() {
        long start = cpuAtWarmUp;
        long measured = done.get() - warmUpProbes;
        if (start < 0 || measured <= 0) {
            return null;
        }
        Map<String, Long> before = threadsAtWarmUp;
        Map<String, Long> after = threadNanos.get();
        long process = cpuNanos.getAsLong() - start;
        Map<String, Long> spent = new HashMap<>();
        long java = 0;
        for (var e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (d > 0) {
                spent.put(e.getKey(), d);
                java += d;
            }
        }
        StringBuilder b = new StringBuilder("cpu by thread (us per probe):");
        spent.entrySet().stream()
                .filter(e -> e.getValue() / measured >= 500) // 0.5 us per probe and up
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> b.append(' ').append(e.getKey()).append(' ').append(micros(e.getValue(), measured))
                        .append(','));
        return b.append(" JVM ").append(micros(Math.max(0, process - java), measured)).toString();
    }

    /**
     * The same interval as user and kernel time, e.g. {@code cpu split (us per probe): user 260,
     * kernel 110}; null when {@link #summaryLine()} is or the kernel's accounting is unavailable.
     * Ticks are 10 ms, so the split is exact to about 10 ms of CPU over the whole interval.
     */
    public String splitLine() {
        long[] before = userKernelAtWarmUp;
        long measured = done.get() - warmUpProbes;
        long[] after = before == null || cpuAtWarmUp < 0 || measured <= 0 ? null : userKernelNanos.get();
        if (after == null) {
            return null;
        }
        return "cpu split (us per probe): user " + micros(after[0] - before[0], measured)
                + ", kernel " + micros(after[1] - before[1], measured);
    }

    private static String micros(long nanos, long probes) {
        return String.format(Locale.ROOT, "%,d", Math.round(nanos / 1000.0 / probes));
    }
}
