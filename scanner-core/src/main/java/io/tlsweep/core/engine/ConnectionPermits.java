package io.tlsweep.core.engine;

import java.net.InetAddress;

/**
 * Where a connection made inside a running probe (an enumeration hello) waits for the scan's rate
 * governor: the global {@code --rate} and the per-host {@code --per-host-rate}. {@link ScanRun}
 * grants permits on its dispatcher loop, before new probes, so an endpoint whose enumeration has
 * started finishes first. Such connections hold no in-flight slot of their own: they run inside
 * their probe's.
 */
@FunctionalInterface
interface ConnectionPermits {

    /** No governor: every permit at once, on the caller's thread (tests, tools outside a scan). */
    ConnectionPermits NONE = (ip, granted, refused) -> granted.run();

    /**
     * Calls {@code granted} once a new connection to {@code ip} may start, or {@code refused} when
     * none will (the scan was cancelled: an enumeration then ends at once, incomplete, instead of
     * holding up the drain). Exactly one of them runs, once, on the dispatcher's loop; it must only
     * hand the work to another thread. Any thread may call this.
     */
    void acquire(InetAddress ip, Runnable granted, Runnable refused);
}
