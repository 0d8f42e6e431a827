package io.tlsweep.cli;

/** The process exit codes, documented in README.md and docs/cli.md. */
final class ExitCodes {
    /** The scan ran to the end (whatever the endpoints answered). */
    static final int OK = 0;
    /** tlsweep itself failed (a bug, or the machine refused: no event loop, no TLS provider). */
    static final int INTERNAL = 1;
    /** Bad usage or input: a malformed CIDR, port 0, an unknown port set, an unreadable file. */
    static final int BAD_INPUT = 2;
    /**
     * Standard output was closed by its reader ({@code tlsweep scan ... | head}): the scan stopped
     * early. 128 + SIGPIPE, what a C tool killed by that signal reports, so {@code set -o pipefail}
     * treats tlsweep like any other producer in a pipeline.
     */
    static final int OUTPUT_CLOSED = 141;
    /** Interrupted (SIGINT, Ctrl-C) before the end; the records of finished probes were written. */
    static final int INTERRUPTED = 130;
    /**
     * Terminated (SIGTERM) before the end, with the same drain as SIGINT. 128 + 15: the JVM sets it
     * for a shutdown a SIGTERM started, and a service manager reads it as "stopped by TERM".
     */
    static final int TERMINATED = 143;

    private ExitCodes() {
    }
}
