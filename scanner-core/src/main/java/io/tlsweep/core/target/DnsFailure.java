package io.tlsweep.core.target;

/**
 * A host name that did not resolve, once per port it was to be probed on, so the engine can write
 * one {@code dns_error} record per intended port.
 *
 * @param host      the name as given (lower-case ASCII)
 * @param port      the port it was to be probed on
 * @param error     what went wrong, e.g. {@code unknown host} or {@code dns timeout after 5000 ms}
 * @param transport the transport of that port
 */
public record DnsFailure(String host, int port, String error, Transport transport) {

    /** A failure for a TCP port. */
    public DnsFailure(String host, int port, String error) {
        this(host, port, error, Transport.TCP);
    }
}
