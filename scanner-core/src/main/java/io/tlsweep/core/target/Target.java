package io.tlsweep.core.target;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One probe to make: an address, a port, and the name to present.
 *
 * @param ip        the address to connect to
 * @param port      1..65535
 * @param transport TCP or UDP
 * @param host      the hostname the user gave (the address is one of its A/AAAA records), or null
 * @param sni       the SNI to send: the hostname, or a {@code --sni} override; null sends none
 */
public record Target(InetAddress ip, int port, Transport transport, String host, String sni) {

    public Target {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(transport, "transport");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
