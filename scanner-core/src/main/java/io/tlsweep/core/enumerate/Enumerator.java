package io.tlsweep.core.enumerate;

import io.tlsweep.core.result.EnumerationInfo;
import io.tlsweep.core.result.TlsExtensionSupport;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Raw-hello enumeration of one endpoint ({@code --enum fast|full}); docs/enumeration.md lists every
 * hello each level sends and how an answer is read.
 *
 * <ol>
 *   <li>{@link VersionHellos}: one hello per version, SSLv3 to TLS 1.3, each with every candidate suite.</li>
 *   <li>{@code full}: {@link FullWalk} (suite walk, server order, group walk, DH size per version);
 *       {@code fast}: {@link FastProbes} (weak suites, confirmation hellos, server order, PQ group).</li>
 *   <li>{@link FallbackProbe} when two versions or more are accepted.</li>
 *   <li>{@link EnumerationFindings} from what was seen.</li>
 * </ol>
 *
 * <p>Hellos go out one at a time, each sent when the previous answer arrived; no thread waits.
 * Every loop is bounded by its candidate count, a reply that contradicts its hello stops the walk
 * it belongs to, and after {@link EnumerationState#GIVE_UP_AFTER_UNKNOWN} unanswered hellos in a
 * row no more are sent. The outcome's future never completes exceptionally.
 *
 * <pre>{@code
 * EndpointEnumerator e = new Enumerator(EnumLevel.FAST);
 * e.enumerate(exchange, "mail.example.test").thenAccept(o -> record.enumeration(o.info()));
 * }</pre>
 */
public final class Enumerator implements EndpointEnumerator {

    private final EnumLevel level;

    public Enumerator(EnumLevel level) {
        this.level = Objects.requireNonNull(level, "level");
    }

    @Override
    public CompletableFuture<EnumerationOutcome> enumerate(HelloExchange exchange, String sni) {
        EnumerationState s = new EnumerationState(level, exchange, sni);
        CompletableFuture<Void> run;
        try {
            run = VersionHellos.run(s)
                    .thenCompose(v -> level == EnumLevel.FULL ? FullWalk.run(s) : FastProbes.run(s))
                    .thenCompose(v -> FallbackProbe.run(s));
        } catch (RuntimeException e) {
            run = CompletableFuture.failedFuture(e);
        }
        return run.handle((v, error) -> {
            if (error != null) {
                s.markIncomplete();
            }
            try {
                return new EnumerationOutcome(s.toRecord(), EnumerationFindings.of(s), s.chain());
            } catch (RuntimeException e) {
                return new EnumerationOutcome(new EnumerationInfo(level.wire(), 0, false, List.of(), List.of(),
                        new TlsExtensionSupport(null, null, null, null, null, null, null)), List.of());
            }
        });
    }
}
