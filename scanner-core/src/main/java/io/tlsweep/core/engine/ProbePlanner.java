package io.tlsweep.core.engine;

import io.tlsweep.core.target.Target;

/**
 * Chooses how each target is probed. The CLI's planner reads the port catalogue and
 * {@code --starttls}; the engine's default speaks implicit TLS everywhere.
 */
@FunctionalInterface
public interface ProbePlanner {

    ProbePlanner IMPLICIT_TLS = target -> ProbeKind.IMPLICIT_TLS;

    /** Called on the dispatcher's event loop for every target: must be cheap and never block. */
    ProbeKind plan(Target target);

    /**
     * Mode detection: after an attempt, whether to try the target once more another way (a
     * plaintext SMTP banner on 465: upgrade with SMTP STARTTLS; silence on a STARTTLS port: send a
     * ClientHello). Null for no second attempt. Called once per target at most, on the
     * dispatcher's loop.
     */
    default ProbeKind followUp(Target target, ProbeKind tried, ModeObservation seen) {
        return null;
    }

    /**
     * One sentence when what the port speaks differs from what it should, else null. {@code earlier}
     * is the first attempt when a follow-up was made, else null; {@code last} is the attempt the
     * record reports. Called on a worker thread.
     */
    default String diagnose(Target target, ModeObservation earlier, ModeObservation last) {
        return null;
    }
}
