package io.tlsweep.core.engine;

import io.tlsweep.core.enumerate.EndpointEnumerator;
import io.tlsweep.core.enumerate.EnumerationOutcome;
import io.tlsweep.core.enumerate.HelloExchange;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Transport;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@code --enum}'s place in a probe: after a TCP attempt that met a TLS server (and after its
 * {@code --http} request), the endpoint's enumeration runs, and its outcome rides on the attempt's
 * {@link ProbeExtras} to the record. The probe keeps its in-flight slot meanwhile (the dispatcher
 * hears of the attempt only when this reports), so {@code --concurrency} bounds enumerations too.
 */
final class EnumerationStep {

    private EnumerationStep() {
    }

    /**
     * Whether the attempt met a TLS server worth enumerating: a finished handshake, or an alert (a
     * TLS 1.0-only server alerts tlsweep's normal handshake and must still be enumerated). Not
     * over QUIC, not for the plaintext HTTP-01 request, not after refused, silence or not_tls.
     */
    static boolean applies(AttemptOutcome o) {
        return (o.status() == Status.SUCCESS || o.status() == Status.ALERT)
                && o.target().transport() == Transport.TCP && !o.kind().acmeHttp01();
    }

    /**
     * Runs {@code enumerator} for {@code attempt}'s endpoint through {@code exchange} and reports the
     * attempt, with the enumeration when there is one, to {@code onDone}, exactly once.
     */
    static void run(AttemptOutcome attempt, EndpointEnumerator enumerator, HelloExchange exchange,
                    Consumer<AttemptOutcome> onDone) {
        CompletableFuture<EnumerationOutcome> future;
        try {
            future = enumerator.enumerate(exchange, attempt.target().sni());
        } catch (RuntimeException e) {
            onDone.accept(attempt); // the enumerator's bug must not cost the record
            return;
        }
        if (future == null) {
            onDone.accept(attempt);
            return;
        }
        future.whenComplete((outcome, error) -> onDone.accept(outcome == null ? attempt
                : attempt.withExtras(attempt.extras().withEnumeration(outcome))));
    }
}
