package io.tlsweep.core.target;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves host names in parallel with the system resolver ({@link InetAddress#getAllByName}),
 * on a pool the caller owns: the lookup blocks, so it must never run on a Netty event loop.
 * One deadline covers the whole batch.
 */
public final class HostResolver {

    /** Either the addresses (every A and AAAA record) or why there are none. */
    record Outcome(List<Ip128> addresses, String error) {
    }

    private HostResolver() {
    }

    static Map<String, Outcome> resolveAll(Collection<String> hosts, Executor pool, Duration timeout) {
        Map<String, CompletableFuture<InetAddress[]>> pending = new LinkedHashMap<>();
        for (String host : hosts) {
            CompletableFuture<InetAddress[]> lookup;
            try {
                lookup = CompletableFuture.supplyAsync(() -> lookUp(host), pool);
            } catch (RejectedExecutionException e) {
                lookup = CompletableFuture.failedFuture(e);
            }
            pending.put(host, lookup);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<InetAddress[]>> entry : pending.entrySet()) {
            outcomes.put(entry.getKey(), await(entry.getValue(), deadline, timeout));
        }
        return outcomes;
    }

    /**
     * One name, looked up on {@code pool} (never an event loop: the lookup blocks), the way targets
     * are: every A and AAAA record. Fails with {@link UnknownHostException} for a name that does
     * not exist. Used for hosts learnt during a scan (an ACME redirect to another name).
     */
    public static CompletableFuture<List<InetAddress>> lookUp(String host, Executor pool) {
        try {
            return CompletableFuture.supplyAsync(() -> List.of(lookUp(host)), pool)
                    .handle((found, failure) -> {
                        if (failure == null) {
                            return CompletableFuture.completedFuture(found);
                        }
                        Throwable cause = failure instanceof java.util.concurrent.CompletionException c
                                && c.getCause() != null ? c.getCause() : failure;
                        return CompletableFuture.<List<InetAddress>>failedFuture(
                                cause instanceof UncheckedHostException u ? u.getCause() : cause);
                    })
                    .thenCompose(f -> f);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Outcome await(CompletableFuture<InetAddress[]> lookup, long deadline, Duration timeout) {
        try {
            InetAddress[] found = lookup.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            List<Ip128> addresses = new ArrayList<>(found.length);
            for (InetAddress address : found) {
                addresses.add(Ip128.ofBytes(address.getAddress()));
            }
            return new Outcome(addresses, null);
        } catch (TimeoutException e) {
            lookup.cancel(false); // the lookup itself cannot be interrupted; its answer is ignored
            return new Outcome(List.of(), "dns timeout after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(List.of(), "dns lookup interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedHostException u ? u.getCause() : e.getCause();
            if (cause instanceof UnknownHostException) {
                return new Outcome(List.of(), "unknown host");
            }
            return new Outcome(List.of(), "dns lookup failed: " + cause);
        }
    }

    private static InetAddress[] lookUp(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new UncheckedHostException(e);
        }
    }

    /** Carries the checked exception out of the supplier. */
    private static final class UncheckedHostException extends RuntimeException {
        UncheckedHostException(UnknownHostException cause) {
            super(cause);
        }
    }
}
