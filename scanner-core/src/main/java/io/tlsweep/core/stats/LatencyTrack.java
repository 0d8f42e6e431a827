package io.tlsweep.core.stats;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One latency (connect or handshake) as an HdrHistogram {@link Recorder}, which worker threads
 * write without locks, plus the accumulated histogram of every interval harvested so far. The
 * reader swaps the recorder's active histogram out ({@link Recorder#getIntervalHistogram}), so a
 * progress tick never stalls a network thread.
 */
final class LatencyTrack {

    /** 1 us .. 10 min at 3 significant digits: a probe never legitimately lasts longer. */
    static final long MAX_MICROS = 600_000_000L;
    private static final int DIGITS = 3;

    private final Recorder recorder = new Recorder(1, MAX_MICROS, DIGITS);
    private final Histogram total = new Histogram(1, MAX_MICROS, DIGITS);
    /** Recycled by the recorder on the next harvest (it must be one the recorder handed out). */
    private Histogram lastInterval; // guarded by this; null until the first harvest

    /**
     * Records a duration in milliseconds; null (phase not reached) is ignored. Values are clamped
     * into the trackable range: a loopback connect under 1 us counts as 1 us rather than vanishing,
     * and a clock glitch beyond 10 min does not throw on a worker thread.
     */
    void record(Double ms) {
        if (ms == null || ms.isNaN()) {
            return;
        }
        long micros = Math.round(ms * 1000.0);
        recorder.recordValue(Math.max(1, Math.min(MAX_MICROS, micros)));
    }

    /** Moves what was recorded since the last harvest into the total; returns that interval. */
    synchronized Histogram harvestInterval() {
        lastInterval = recorder.getIntervalHistogram(lastInterval);
        total.add(lastInterval);
        return lastInterval.copy();
    }

    /** Everything recorded so far (harvests first, so nothing recent is missing). */
    synchronized Histogram total() {
        harvestInterval();
        return total.copy();
    }
}
