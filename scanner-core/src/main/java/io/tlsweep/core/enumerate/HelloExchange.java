package io.tlsweep.core.enumerate;

import io.tlsweep.core.tls.wire.ClientHelloSpec;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one raw ClientHello to one endpoint on a fresh connection (after the endpoint's STARTTLS
 * upgrade or protocol framing, when it has one) and reads what the server says in the clear. Each
 * call waits for the scan's rate governor (global {@code --rate} and the per-host budget
 * {@code --per-host-rate}) before it connects, and costs at most the scan's timeouts.
 *
 * <p>The engine gives an {@link EndpointEnumerator} one exchange per endpoint; the enumerator
 * issues its hellos one at a time, so one endpoint never sees two enumeration connections at once.
 */
public interface HelloExchange {

    /** Completes, never exceptionally, with what the server answered or why nothing usable came. */
    CompletableFuture<HelloReply> send(ClientHelloSpec hello);
}
