package io.tlsweep.core.engine;

/** The per-attempt total deadline passed. Stackless: it is an expected outcome, thrown at scale. */
final class ProbeTimeoutException extends Exception {

    static final ProbeTimeoutException INSTANCE = new ProbeTimeoutException("total timeout");

    /** The server stayed silent longer than the idle limit during a plaintext prelude. */
    static final ProbeTimeoutException PRELUDE_IDLE = new ProbeTimeoutException("prelude idle");

    private ProbeTimeoutException(String message) {
        super(message, null, false, false);
    }
}
