package io.tlsweep.core.target;

/**
 * A host name that did not resolve, once per port it was to be probed on, so the engine can write
 * one {@code dns_error} record per intended probe.
 *
 * @param host  the name as given (lower-case ASCII)
 * @param port  the port it was to be probed on
 * @param error what went wrong, e.g. {@code unknown host} or {@code dns timeout after 5000 ms}
 */
public record DnsFailure(String host, int port, String error) {
}
