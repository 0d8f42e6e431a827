package io.tlsweep.core.result;

/** The layer a failed probe stopped in, so an operator can tell a firewall from a TLS problem. */
public enum Phase {
    DNS("dns"),
    CONNECT("connect"),
    HANDSHAKE("handshake"),
    /** Reserved for plaintext upgrades (STARTTLS and friends, issue 3). */
    PRELUDE("prelude");

    private final String wire;

    Phase(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
