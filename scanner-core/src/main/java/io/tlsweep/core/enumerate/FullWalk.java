package io.tlsweep.core.enumerate;

import io.tlsweep.core.tls.wire.SuiteTraits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** {@code full} after the version hellos: per accepted version, the suite walk, the order probe, the group walk, the DH size. */
final class FullWalk {

    private FullWalk() {
    }

    static CompletableFuture<Void> run(EnumerationState s) {
        List<Supplier<CompletableFuture<Void>>> steps = new ArrayList<>();
        for (VersionState vs : s.accepted.values()) {
            steps.add(() -> SuiteWalk.run(s, vs));
            steps.add(() -> ServerOrderProbe.full(s, vs));
            steps.add(() -> GroupWalk.run(s, vs));
            steps.add(() -> dhBits(s, vs));
        }
        return AsyncLoop.sequence(steps);
    }

    /**
     * The walk read the ServerKeyExchange of every DHE suite it found, so this hello is needed only
     * when none of them carried a readable prime.
     */
    private static CompletableFuture<Void> dhBits(EnumerationState s, VersionState vs) {
        List<Integer> dhe = vs.suitesWhere(t -> t.keyExchange() == SuiteTraits.KeyExchange.DHE);
        if (dhe.isEmpty() || vs.dhBits != null) {
            return CompletableFuture.completedFuture(null);
        }
        return s.send(vs.version, dhe).thenAccept(v -> { });
    }
}
