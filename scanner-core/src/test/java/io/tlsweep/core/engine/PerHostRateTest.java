package io.tlsweep.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-host buckets on a simulated clock: the rate per address, and memory bounded by recent addresses. */
class PerHostRateTest {

    private static InetAddress ip(int n) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    }

    @Test
    void oneAddressGetsRConnectionsPerSecondOthersAreNotHeldBack() throws Exception {
        PerHostRate rate = new PerHostRate(20);
        long now = 1_000_000_000L;
        InetAddress a = ip(1);
        assertEquals(0, rate.nanosUntilAllowed(a, now), "first connection at once");
        rate.take(a, now);
        long wait = rate.nanosUntilAllowed(a, now);
        assertTrue(wait > TimeUnit.MILLISECONDS.toNanos(45) && wait <= TimeUnit.MILLISECONDS.toNanos(50), wait + " ns");
        assertEquals(0, rate.nanosUntilAllowed(ip(2), now), "another address is not held back");
        // Over one simulated second, granting whenever allowed, about R connections go to one address.
        int granted = 1;
        for (long t = now; t < now + TimeUnit.SECONDS.toNanos(1); t += TimeUnit.MILLISECONDS.toNanos(1)) {
            if (rate.nanosUntilAllowed(a, t) == 0) {
                rate.take(a, t);
                granted++;
            }
        }
        assertTrue(granted >= 20 && granted <= 21, granted + " connections in 1 s at 20/s");
    }

    @Test
    void aSweepOfManyAddressesKeepsOnlyRecentBuckets() throws Exception {
        PerHostRate rate = new PerHostRate(20); // a bucket is full again 50 ms after its last connection
        long now = 0;
        int max = 0;
        // 300,000 addresses, one connection each, 100,000 connections per second: 5,000 within 50 ms.
        for (int i = 0; i < 300_000; i++) {
            now += 10_000;
            InetAddress a = ip(i);
            assertEquals(0, rate.nanosUntilAllowed(a, now));
            rate.take(a, now);
            max = Math.max(max, rate.size());
        }
        assertTrue(max <= 2 * 5_001 + PerHostRate.MIN_SWEEP, "held " + max + " buckets at most, for 300,000 addresses");
        // and a dropped bucket grants what a kept one would: the rate still holds for a re-used address
        InetAddress again = ip(7);
        assertEquals(0, rate.nanosUntilAllowed(again, now));
        rate.take(again, now);
        assertTrue(rate.nanosUntilAllowed(again, now) > 0);
    }
}
