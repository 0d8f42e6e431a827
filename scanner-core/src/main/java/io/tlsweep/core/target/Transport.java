package io.tlsweep.core.target;

/** The transport a probe uses. TLS over TCP, or QUIC over UDP. */
public enum Transport {
    TCP("tcp"),
    UDP("udp");

    private final String wire;

    Transport(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
