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
 * @param expectedHttp     what the web layer ({@code --http}) must find, or null when the endpoint
 *                         is not a web endpoint (its {@code http} must then be null)
 */
public record LabEndpoint(String name, InetAddress address, int port, String sni, String expectedStatus,
                          java.util.List<String> expectedFindings, Transport transport, WebExpectation expectedHttp) {

    /** A TCP endpoint that does not speak HTTP after its handshake. */
    public LabEndpoint(String name, InetAddress address, int port, String sni, String expectedStatus,
                       java.util.List<String> expectedFindings) {
        this(name, address, port, sni, expectedStatus, expectedFindings, Transport.TCP, null);
    }

    /** An endpoint over {@code transport} that does not speak HTTP after its handshake. */
    public LabEndpoint(String name, InetAddress address, int port, String sni, String expectedStatus,
                       java.util.List<String> expectedFindings, Transport transport) {
        this(name, address, port, sni, expectedStatus, expectedFindings, transport, null);
    }

    /** A TCP web endpoint. */
    public LabEndpoint(String name, InetAddress address, int port, String sni, String expectedStatus,
                       java.util.List<String> expectedFindings, WebExpectation expectedHttp) {
        this(name, address, port, sni, expectedStatus, expectedFindings, Transport.TCP, expectedHttp);
    }

    /**
     * The web layer's facts an endpoint is built to show.
     *
     * @param protocol the protocol ALPN selects ({@code h2} or {@code http/1.1})
     * @param status   the response status
     * @param hsts     a {@code Strict-Transport-Security} header is sent
     * @param h3       an {@code Alt-Svc} advertising {@code h3} is sent
     */
    public record WebExpectation(String protocol, int status, boolean hsts, boolean h3) {
    }

    public Target target() {
        return new Target(address, port, transport, sni, sni);
    }
}
