package io.tlsweep.core.stats;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ProcessCpuMeterTest {

    @Test
    void dividesTheCpuAfterTheWarmUpByTheProbesAfterIt() {
        AtomicLong clock = new AtomicLong(1_000_000_000L); // start-up CPU, never counted
        ProcessCpuMeter meter = new ProcessCpuMeter(clock::get, 2);
        clock.addAndGet(50_000_000L);
        meter.probeDone();
        meter.probeDone(); // warm-up done here: the clock is read now
        for (int i = 0; i < 4; i++) {
            clock.addAndGet(300_000L);
            meter.probeDone();
        }
        assertEquals(300_000.0, meter.nanosPerProbe(), 1e-9);
        assertEquals("cpu: 300 us per probe (process CPU over the last 4 of 6 probes, after warm-up)",
                meter.summaryLine());
    }

    @Test
    void splitsTheIntervalByThreadGroupAndCallsTheRestJvm() {
        AtomicLong clock = new AtomicLong(5_000_000L);
        Map<String, Long> threads = new HashMap<>(Map.of("loop", 1_000_000L, "writer", 0L));
        ProcessCpuMeter meter = new ProcessCpuMeter(clock::get, () -> Map.copyOf(threads), 1);
        meter.probeDone(); // warm-up: both clocks read
        clock.addAndGet(2 * 400_000L);
        threads.merge("loop", 2 * 300_000L, Long::sum);
        threads.merge("writer", 2 * 20_000L, Long::sum);
        threads.put("briefly", 2 * 100L); // under 0.5 us per probe: folded into nothing, left out
        meter.probeDone();
        meter.probeDone();
        assertEquals("cpu by thread (us per probe): loop 300, writer 20, JVM 80", meter.threadsLine());
    }

    @Test
    void splitsTheIntervalIntoUserAndKernelTime() {
        AtomicLong clock = new AtomicLong();
        long[] userKernel = {7_000_000_000L, 3_000_000_000L};
        ProcessCpuMeter meter = new ProcessCpuMeter(clock::get, Map::of, userKernel::clone, 1);
        assertNull(meter.splitLine());
        meter.probeDone(); // warm-up: start-up's 7 s user and 3 s kernel are left out
        userKernel[0] += 4 * 250_000L;
        userKernel[1] += 4 * 110_000L;
        for (int i = 0; i < 4; i++) {
            meter.probeDone();
        }
        assertEquals("cpu split (us per probe): user 250, kernel 110", meter.splitLine());
    }

    @Test
    void noKernelAccountingMeansNoSplitLine() {
        AtomicLong clock = new AtomicLong();
        ProcessCpuMeter meter = new ProcessCpuMeter(clock::get, Map::of, () -> null, 1);
        meter.probeDone();
        clock.addAndGet(1_000);
        meter.probeDone();
        assertNull(meter.splitLine());
    }

    @Test
    void readsUtimeAndStimeAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 75 0 0 20 0 30 0 123 456 789";
        long[] uk = ProcessCpuMeter.parseUserKernel(stat, 100);
        assertEquals(2_500_000_000L, uk[0]);
        assertEquals(750_000_000L, uk[1]);
        assertNull(ProcessCpuMeter.parseUserKernel("4242 java S 1", 100));
        assertNull(ProcessCpuMeter.parseUserKernel("4242 (java) S 1 2 3", 100));
        assertNull(ProcessCpuMeter.parseUserKernel("1 (j) S 1 1 1 0 -1 0 0 0 0 0 x 75 0", 100));
        long[] self = ProcessCpuMeter.procSelfUserKernel();
        if (self != null) { // Linux: this JVM has used some user CPU by now
            assertEquals(true, self[0] > 0, "utime " + self[0]);
        }
    }

    @Test
    void saysNothingWithoutAProbeAfterTheWarmUp() {
        AtomicLong clock = new AtomicLong();
        ProcessCpuMeter meter = new ProcessCpuMeter(clock::get, 3);
        assertNull(meter.summaryLine());
        meter.probeDone();
        meter.probeDone();
        meter.probeDone();
        clock.addAndGet(1_000);
        assertEquals(-1, meter.nanosPerProbe());
        assertNull(meter.summaryLine());
        assertNull(meter.threadsLine());
    }

    @Test
    void forScanTakesTwentyPercentAsWarmUpAndReadsTheRealClock() {
        ProcessCpuMeter meter = ProcessCpuMeter.forScan(10);
        if (meter == null) {
            return; // a JVM without com.sun.management: nothing to measure with
        }
        for (int i = 0; i < 2; i++) {
            meter.probeDone();
        }
        assertNull(meter.summaryLine()); // the 2 warm-up probes of 10
        long spin = System.nanoTime() + 20_000_000L;
        while (System.nanoTime() < spin) {
            Thread.onSpinWait(); // burn a little CPU so the clock moves
        }
        meter.probeDone();
        String line = meter.summaryLine();
        assertEquals(true, line != null && line.matches("cpu: [0-9,]+ us per probe \\(process CPU over the last 1 of 3 "
                + "probes, after warm-up\\)"), line);
    }
}
