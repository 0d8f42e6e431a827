package io.tlsweep.core.engine;

/**
 * Connection-rate limiter driven by the dispatcher's event loop (single-threaded, no locks). Tokens
 * accrue continuously at {@code rate}/s up to a small burst, so the limit holds both at 1/s (one
 * connection, then one per second) and at 50k/s (where timer granularity would otherwise cap it:
 * the burst lets one wake-up launch the connections a millisecond or two of time has paid for).
 */
final class TokenBucket {

    /** How much time's worth of tokens may pile up; bounds the burst after an idle period. */
    private static final double BURST_SECONDS = 0.005;

    /** Forgives the rounding of many small refills, so a token due at t is granted at t. */
    private static final double EPSILON = 1e-9;

    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    /** @param rate tokens per second, > 0 */
    TokenBucket(double rate, long nowNanos) {
        this.ratePerNano = rate / 1e9;
        this.capacity = Math.max(1.0, rate * BURST_SECONDS);
        this.tokens = 1.0;
        this.lastNanos = nowNanos;
    }

    boolean tryAcquire(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1.0 - EPSILON) {
            tokens = Math.max(0.0, tokens - 1.0);
            return true;
        }
        return false;
    }

    /** Nanoseconds until the next token is available (at least 1). */
    long nanosUntilNext(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1.0 - EPSILON) {
            return 1;
        }
        return Math.max(1, (long) Math.ceil((1.0 - tokens) / ratePerNano));
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * ratePerNano);
            lastNanos = nowNanos;
        }
    }
}
