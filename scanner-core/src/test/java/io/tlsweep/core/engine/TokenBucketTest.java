package io.tlsweep.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bucket is driven by explicit nanosecond clocks, so these tests are exact, not timed. */
class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    /** Counts tokens granted over {@code seconds} of simulated time polled every {@code stepNanos}. */
    private static long grantedOver(double rate, double seconds, long stepNanos) {
        TokenBucket b = new TokenBucket(rate, 0);
        long granted = 0;
        for (long t = 0; t <= (long) (seconds * SECOND); t += stepNanos) {
            while (b.tryAcquire(t)) {
                granted++;
            }
        }
        return granted;
    }

    @Test
    void onePerSecondIsOnePerSecond() {
        TokenBucket b = new TokenBucket(1, 0);
        assertTrue(b.tryAcquire(0), "the first connection goes at once");
        assertFalse(b.tryAcquire(1));
        assertEquals(SECOND - 1, b.nanosUntilNext(1), 2);
        assertFalse(b.tryAcquire(SECOND / 2));
        assertTrue(b.tryAcquire(SECOND));
        assertFalse(b.tryAcquire(SECOND + 10));
        // ten simulated seconds polled every millisecond: 1 initial + 10 accrued
        assertEquals(11, grantedOver(1, 10, 1_000_000));
    }

    @Test
    void fiftyThousandPerSecondHoldsWithMillisecondWakeUps() {
        long granted = grantedOver(50_000, 2, 1_000_000);
        assertEquals(100_001, granted, 2);
    }

    @Test
    void idleTimeDoesNotBankMoreThanTheBurst() {
        TokenBucket b = new TokenBucket(1000, 0);
        assertTrue(b.tryAcquire(0));
        int burst = 0;
        while (b.tryAcquire(60 * SECOND)) {
            burst++;
        }
        assertEquals(5, burst, "5 ms worth of tokens at 1000/s");
    }

    @Test
    void wakeUpDelayPointsAtTheNextToken() {
        TokenBucket b = new TokenBucket(100, 0);
        assertTrue(b.tryAcquire(0));
        long wait = b.nanosUntilNext(0);
        assertEquals(10_000_000, wait, 2);
        assertFalse(b.tryAcquire(wait - 1000));
        assertTrue(b.tryAcquire(wait));
    }

    /**
     * Drives the bucket like the dispatcher with a probe always ready: take tokens while granted,
     * else sleep until {@code nanosUntilNext} plus a lateness from {@code late}. Returns the tokens
     * granted in {@code seconds} of simulated time.
     */
    private static long grantedWithLateWakeUps(double rate, double seconds, java.util.function.LongSupplier late) {
        TokenBucket b = new TokenBucket(rate, 0);
        long end = (long) (seconds * SECOND);
        long granted = 0;
        long t = 0;
        while (t <= end) {
            if (b.tryAcquire(t)) {
                granted++;
            } else {
                t += b.nanosUntilNext(t) + late.getAsLong();
            }
        }
        return granted;
    }

    @Test
    void lateWakeUpsWhileAProbeWaitsDoNotLowerTheRate() {
        // every wake-up 0.13 ms late: the burst cap alone gave 100 / (1 + 0.013) = 98.7/s
        assertEquals(1 + 1000, grantedWithLateWakeUps(100, 10, () -> 130_000), 1);
        // a loop 20 ms late each time: the burst cap alone (100 tokens) gave 5,000/s at 20,000/s
        assertEquals(1 + 200_000, grantedWithLateWakeUps(20_000, 10, () -> 20_000_000), 400);
        // seeded random lateness of 0-10 ms at 10/s, 1,000/s and 5,000/s
        for (double rate : new double[] {10, 1000, 5000}) {
            Random random = new Random(42);
            long granted = grantedWithLateWakeUps(rate, 20, () -> random.nextInt(10_000_000));
            // lateness at the very end may leave up to 10 ms of tokens unspent
            assertEquals(1 + rate * 20, granted, 1 + rate * 0.010, "rate " + rate);
        }
    }

    @Test
    void catchUpAfterAStallIsBounded() {
        TokenBucket b = new TokenBucket(1000, 0);
        assertTrue(b.tryAcquire(0));
        assertFalse(b.tryAcquire(1), "a probe now waits for the next token");
        int burst = 0;
        while (b.tryAcquire(60 * SECOND)) { // the wake-up came a minute late
            burst++;
        }
        assertEquals(1 + (int) (1000 * TokenBucket.CATCH_UP_SECONDS), burst, "at most 250 ms owed at 1000/s, plus the one due");
    }

    @Test
    void tokensNotAskedForAreNotOwed() {
        // a grant, then nobody asks (in-flight cap binds) for a minute: only the 5 ms burst piles up,
        // even after an earlier wait had been caught up
        TokenBucket b = new TokenBucket(1000, 0);
        assertTrue(b.tryAcquire(0));
        assertFalse(b.tryAcquire(1));
        assertTrue(b.tryAcquire(SECOND / 1000 + 1)); // granted: no longer owed
        int burst = 0;
        while (b.tryAcquire(60 * SECOND)) {
            burst++;
        }
        assertEquals(5, burst);
    }
}
