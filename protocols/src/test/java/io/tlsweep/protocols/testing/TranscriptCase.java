package io.tlsweep.protocols.testing;

import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.StartTlsDialect;
import org.junit.jupiter.api.AfterEach;

/**
 * Base of a dialect's transcript tests: each test plays one {@link PreludeTranscript} as {@code t},
 * closed after it whatever the test did.
 */
public abstract class TranscriptCase {

    protected PreludeTranscript t;

    protected PreludeTranscript start(StartTlsDialect dialect, PreludeOptions options) {
        t = PreludeTranscript.start(dialect, options);
        return t;
    }

    @AfterEach
    void closeTranscript() {
        if (t != null) {
            t.close();
        }
    }
}
