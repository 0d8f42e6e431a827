package io.tlsweep.core.engine;

/** The per-attempt total deadline passed. Stackless: it is an expected outcome, thrown at scale. */
final class ProbeTimeoutException extends Exception {

    static final ProbeTimeoutException INSTANCE = new ProbeTimeoutException();

    private ProbeTimeoutException() {
        super("total timeout", null, false, false);
    }
}
