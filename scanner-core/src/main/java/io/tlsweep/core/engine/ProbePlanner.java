package io.tlsweep.core.engine;

import io.tlsweep.core.target.Target;

/**
 * Chooses how each target is probed. The CLI's planner reads the port catalogue and
 * {@code --starttls}; the engine's default speaks implicit TLS everywhere.
 */
@FunctionalInterface
public interface ProbePlanner {

    ProbePlanner IMPLICIT_TLS = target -> ProbeKind.IMPLICIT_TLS;

    /** Called on the dispatcher's event loop for every attempt: must be cheap and never block. */
    ProbeKind plan(Target target);
}
