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
