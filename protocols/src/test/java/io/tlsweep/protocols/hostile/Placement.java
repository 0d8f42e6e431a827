package io.tlsweep.protocols.hostile;

/** Where a {@link HostileBehaviour} takes over a connection. */
public enum Placement {
    /** No plaintext prelude: the behaviour answers the ClientHello (or the connection itself). */
    IMPLICIT_TLS,
    /**
     * The {@link Front} greets (if its protocol is server-first), then the behaviour answers the
     * client's first request instead of the dialect: silence, a drip, garbage, an endless reply or
     * a close before the go-ahead. (MySQL has no request before its go-ahead: there the behaviour
     * replaces the greeting.)
     */
    MID_PRELUDE,
    /** The front plays the dialect's happy path up to and including the go-ahead; TLS is the behaviour's. */
    AFTER_GO_AHEAD
}
