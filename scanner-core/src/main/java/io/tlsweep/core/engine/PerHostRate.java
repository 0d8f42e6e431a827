package io.tlsweep.core.engine;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The per-host connection rate ({@code --per-host-rate}): one {@link TokenBucket} per IP address,
 * so enumerating a /24 never sends one server more than R new connections a second. Owned by the
 * dispatcher's event loop (single-threaded, no locks), like the global bucket.
 *
 * <p>Bounded memory: a bucket is made on an address's first connection and dropped once it is
 * full again (idle for about 1/R seconds), since a full bucket grants exactly what a new one
 * would. The map is swept when it has doubled since the last sweep, so the cost is amortised O(1)
 * per connection and the map holds at most about twice the addresses contacted within the last
 * 1/R seconds (plus {@link #MIN_SWEEP}): a /8 sweep does not keep 16M buckets.
 */
final class PerHostRate {

    /** Below this many buckets the map is never swept. */
    static final int MIN_SWEEP = 1024;

    private final double rate;
    private final Map<InetAddress, TokenBucket> buckets = new HashMap<>();
    private int sweepAt = MIN_SWEEP;

    /** @param rate connections per second to one address, > 0 */
    PerHostRate(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("per-host rate must be > 0, got " + rate);
        }
        this.rate = rate;
    }

    /**
     * Nanoseconds until a connection to {@code ip} may start: 0 when it may start now (then
     * {@link #take} it before anything else runs on the loop).
     */
    long nanosUntilAllowed(InetAddress ip, long nowNanos) {
        TokenBucket b = buckets.get(ip);
        if (b == null || b.available(nowNanos)) {
            return 0;
        }
        return b.nanosUntilNext(nowNanos);
    }

    /** Spends one connection to {@code ip}; call only right after {@link #nanosUntilAllowed} said 0. */
    void take(InetAddress ip, long nowNanos) {
        TokenBucket b = buckets.get(ip);
        if (b == null) {
            if (buckets.size() >= sweepAt) {
                sweep(nowNanos);
            }
            b = new TokenBucket(rate, nowNanos);
            buckets.put(ip, b);
        }
        b.tryAcquire(nowNanos);
    }

    /** Buckets held now (for tests of the memory bound). */
    int size() {
        return buckets.size();
    }

    private void sweep(long nowNanos) {
        buckets.values().removeIf(b -> b.isFull(nowNanos));
        sweepAt = Math.max(MIN_SWEEP, 2 * buckets.size());
    }
}
