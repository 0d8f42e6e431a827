package io.tlsweep.core.prelude;

import java.util.Objects;

/**
 * What a {@link PreludeSession} wants next after reading the server's bytes. The session decides;
 * {@link PreludeHandler} acts (writes, waits, swaps in TLS, or ends the probe).
 */
public sealed interface PreludeStep permits PreludeStep.NeedMore, PreludeStep.Send, PreludeStep.StartTls,
        PreludeStep.Stop {

    /** Not enough bytes for a decision: wait for more. */
    PreludeStep NEED_MORE = new NeedMore();

    /** The server said go ahead: everything after its reply is TLS. */
    PreludeStep START_TLS = new StartTls();

    static PreludeStep send(byte[] bytes) {
        return new Send(bytes);
    }

    static PreludeStep stop(PreludeOutcome outcome, String reason) {
        return new Stop(outcome, reason);
    }

    /** See {@link #NEED_MORE}. */
    final class NeedMore implements PreludeStep {
        private NeedMore() {
        }
    }

    /** See {@link #START_TLS}. */
    final class StartTls implements PreludeStep {
        private StartTls() {
        }
    }

    /** Write these bytes to the server, then keep reading. */
    record Send(byte[] bytes) implements PreludeStep {
        public Send {
            Objects.requireNonNull(bytes);
        }
    }

    /** The upgrade cannot happen; the probe ends with this outcome. */
    record Stop(PreludeOutcome outcome, String reason) implements PreludeStep {
        public Stop {
            Objects.requireNonNull(outcome);
        }
    }
}
