package io.tlsweep.core.enumerate;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Runs an asynchronous step until it says stop, without recursion: a step whose future is already
 * complete (a cached or in-memory exchange) continues in the same loop instead of nesting another
 * callback, so hundreds of hellos never grow the stack. No thread ever blocks.
 */
final class AsyncLoop {

    private AsyncLoop() {
    }

    /**
     * Calls {@code step} at most {@code maxSteps} times; {@code step} answers true to go on. The
     * bound is the caller's promise that a hostile peer cannot keep a walk going forever.
     */
    static CompletableFuture<Void> run(int maxSteps, Function<Integer, CompletableFuture<Boolean>> step) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        new Runner(maxSteps, step, done).next(0);
        return done;
    }

    /** Runs the tasks one after the other, each started when the previous completed. */
    static CompletableFuture<Void> sequence(java.util.List<java.util.function.Supplier<CompletableFuture<Void>>> tasks) {
        return run(tasks.size(), i -> tasks.get(i).get().thenApply(v -> true));
    }

    private record Runner(int maxSteps, Function<Integer, CompletableFuture<Boolean>> step,
                          CompletableFuture<Void> done) {

        void next(int from) {
            int i = from;
            try {
                while (i < maxSteps) {
                    CompletableFuture<Boolean> f = step.apply(i);
                    i++;
                    if (!f.isDone()) {
                        int following = i;
                        f.whenComplete((more, error) -> {
                            if (error != null) {
                                done.completeExceptionally(error);
                            } else if (more) {
                                next(following);
                            } else {
                                done.complete(null);
                            }
                        });
                        return;
                    }
                    if (!f.join()) {
                        break;
                    }
                }
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }
    }
}
