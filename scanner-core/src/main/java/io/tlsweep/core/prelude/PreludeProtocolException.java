package io.tlsweep.core.prelude;

/**
 * The server broke the protocol a dialect expects (an over-long line, a reply that is not a reply).
 * Stackless: thrown per hostile connection, it is an answer about the peer, not a bug.
 */
public final class PreludeProtocolException extends RuntimeException {

    public PreludeProtocolException(String message) {
        super(message, null, false, false);
    }
}
