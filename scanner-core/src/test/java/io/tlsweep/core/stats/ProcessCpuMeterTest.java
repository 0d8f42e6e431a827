package io.tlsweep.core.stats;

import org.junit.jupiter.api.Test;

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
