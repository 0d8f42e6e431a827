package io.tlsweep.core.result;

/**
 * Milliseconds (fractional) spent per phase; a phase that was not reached is null.
 */
public record Timings(Double connectMs, Double handshakeMs, Double totalMs) {
}
