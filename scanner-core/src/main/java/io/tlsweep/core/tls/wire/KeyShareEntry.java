package io.tlsweep.core.tls.wire;

/**
 * One client key share: a named group and its key_exchange bytes (a real public key, or
 * placeholder bytes of the right length when the handshake is never meant to finish).
 */
public record KeyShareEntry(int group, byte[] keyExchange) {

    public KeyShareEntry {
        keyExchange = keyExchange.clone();
    }

    @Override
    public byte[] keyExchange() {
        return keyExchange.clone();
    }
}
