package io.tlsweep.core.tls.wire;

/**
 * The peer's bytes are not TLS as this codec reads it, or exceed one of its caps. The only exception
 * a wire parser throws; stackless, because hostile or non-TLS peers make it common.
 */
public final class WireFormatException extends Exception {

    public WireFormatException(String message) {
        super(message, null, false, false);
    }
}
