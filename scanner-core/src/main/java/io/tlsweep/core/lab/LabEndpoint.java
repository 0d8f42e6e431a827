package io.tlsweep.core.lab;

import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import java.net.InetAddress;

/**
 * One server of the lab and what a correct scanner must say about it.
 *
 * @param name           short label for humans ("expired")
 * @param address        the 127.0.0.x address it listens on
 * @param port           the port it listens on (ephemeral, chosen at start)
 * @param sni            the name to scan it with, or null for a bare-IP probe
 * @param expectedStatus the {@code status} wire name the probe must produce
 * @param expectedFindings finding codes the record must contain (exactly these, for certificate endpoints)
 * @param transport      TCP, or UDP for the lab's QUIC endpoint
 */
public record LabEndpoint(String name, InetAddress address, int port, String sni, String expectedStatus,
                          java.util.List<String> expectedFindings, Transport transport) {

    /** A TCP endpoint. */
    public LabEndpoint(String name, InetAddress address, int port, String sni, String expectedStatus,
                       java.util.List<String> expectedFindings) {
        this(name, address, port, sni, expectedStatus, expectedFindings, Transport.TCP);
    }

    public Target target() {
        return new Target(address, port, transport, sni, sni);
    }
}
