package io.tlsweep.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
