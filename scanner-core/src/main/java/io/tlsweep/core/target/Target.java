package io.tlsweep.core.target;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One probe to make: an address, a port, and the name to present.
 *
 * @param ip        the address to connect to
 * @param port      1..65535
 * @param transport TCP or UDP
 * @param host      the hostname the user gave (the address is one of its A/AAAA records), or null;
 *                  under {@code --sni-matrix} the name sent as SNI (null on the no-SNI probe)
 * @param sni       the SNI to send: the hostname, a {@code --sni} override or an {@code --sni-names}
 *                  variant; null sends none
 * @param group     the probe group this probe is a member of (same address and port, other
 *                  transports or SNI variants), or null when it is alone
 */
public record Target(InetAddress ip, int port, Transport transport, String host, String sni, ProbeGroup group) {

    public Target {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(transport, "transport");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** A probe that belongs to no group. */
    public Target(InetAddress ip, int port, Transport transport, String host, String sni) {
        this(ip, port, transport, host, sni, null);
    }
}
