package io.tlsweep.core.enumerate;

import java.util.concurrent.CompletableFuture;

/**
 * Enumerates one endpoint's TLS posture (versions, suites, preference, groups, extensions) through
 * raw hellos. The scan engine calls it after the endpoint's normal probe succeeded, with a fresh
 * {@link HelloExchange} for that endpoint; the record carries the outcome.
 */
public interface EndpointEnumerator {

    /**
     * Runs the enumeration. {@code sni} is the server name to send, or null for none (an address
     * target without --sni). Completes, never exceptionally; hellos that failed make the outcome
     * incomplete, not an error.
     */
    CompletableFuture<EnumerationOutcome> enumerate(HelloExchange exchange, String sni);
}
