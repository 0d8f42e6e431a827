package io.tlsweep.core.fingerprint;

/**
 * Where each of a JARM's ten connections waits before it starts: a scan's rate governor
 * ({@code --rate}, {@code --per-host-rate}), adapted by the engine for one endpoint. Stand-alone
 * runs ({@link JarmTool}) use {@link #NONE}.
 */
@FunctionalInterface
public interface JarmPermits {

    /** No governor: every connection may start at once, on the caller's thread. */
    JarmPermits NONE = (granted, refused) -> granted.run();

    /**
     * Calls {@code granted} once the next connection may start, or {@code refused} when none will
     * (the scan was cancelled: the JARM then ends unfinished). Exactly one of them runs, once, on any
     * thread; it must only hand the work on.
     */
    void acquire(Runnable granted, Runnable refused);
}
