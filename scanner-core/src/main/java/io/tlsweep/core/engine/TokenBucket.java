package io.tlsweep.core.engine;

/**
 * Connection-rate limiter driven by the dispatcher's event loop (single-threaded, no locks). Tokens
 * accrue continuously at {@code rate}/s up to a small burst, so the limit holds both at 1/s (one
 * connection, then one per second) and at 50k/s (where timer granularity would otherwise cap it:
 * the burst lets one wake-up launch the connections a millisecond or two of time has paid for).
 *
 * <p>Two caps, because idle time and lateness are different things. While nobody asks for a token
 * (the in-flight cap binds, or targets ran out) at most {@link #BURST_SECONDS} of tokens pile up:
 * the limit is a maximum, and time without a ready probe is not owed. Once a probe has been refused
 * a token it waits for a wake-up, and that wake-up is late by whatever the event loop and the OS
 * scheduler add (0.1 ms on a quiet box, several ms on a loaded one). Tokens earned during that wait
 * are owed to the waiting probe, so they accrue up to {@link #CATCH_UP_SECONDS}: the next token is
 * then due one interval after the previous one was <em>due</em>, not after the late wake-up. With
 * the burst cap alone every late wake-up was lost time: --rate 100 ran at 98.7/s (2 cores, load 7),
 * and a 20 ms-late loop held --rate 20000 to 5,000/s. A catch-up burst is further bounded by the
 * in-flight cap.
 */
final class TokenBucket {

    /** How much time's worth of tokens may pile up; bounds the burst after an idle period. */
    private static final double BURST_SECONDS = 0.005;

    /**
     * How much time's worth of tokens a waiting probe may be owed after a late wake-up; bounds the
     * catch-up after a stall (a GC pause, a descheduled thread).
     */
    static final double CATCH_UP_SECONDS = 0.25;

    /** Forgives the rounding of many small refills, so a token due at t is granted at t. */
    private static final double EPSILON = 1e-9;

    private final double ratePerNano;
    private final double capacity;
    private final double catchUpCapacity;
    private double tokens;
    private long lastNanos;
    /** A probe was refused a token and waits for the next one: time passing now is owed to it. */
    private boolean owed;

    /** @param rate tokens per second, > 0 */
    TokenBucket(double rate, long nowNanos) {
        this.ratePerNano = rate / 1e9;
        this.capacity = Math.max(1.0, rate * BURST_SECONDS);
        // + 1: the token being waited for, so the fraction a late wake-up earns beyond it is kept
        this.catchUpCapacity = Math.max(capacity, 1.0 + rate * CATCH_UP_SECONDS);
        this.tokens = 1.0;
        this.lastNanos = nowNanos;
    }

    /**
     * Takes a token when one is available. A refusal means the caller holds a probe back until
     * {@link #nanosUntilNext}: from then until the next grant, time counts as owed.
     */
    boolean tryAcquire(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1.0 - EPSILON) {
            tokens = Math.max(0.0, tokens - 1.0);
            owed = false;
            return true;
        }
        owed = true;
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

    /**
     * Whether {@link #tryAcquire} would grant a token now, without taking it. A "no" counts as a
     * refusal: the caller holds its connection back, so the time until the next token is owed.
     */
    boolean available(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1.0 - EPSILON) {
            return true;
        }
        owed = true;
        return false;
    }

    /**
     * Whether the bucket holds its full burst: it is then no different from a new one (which
     * holds one token, never more than a full one), so a caller keeping many may drop it.
     */
    boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity - EPSILON;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            // The cap limits what accrues; tokens already held from a catch-up are not taken back.
            double cap = owed ? catchUpCapacity : capacity;
            tokens = Math.min(tokens + elapsed * ratePerNano, Math.max(tokens, cap));
            lastNanos = nowNanos;
        }
    }
}
