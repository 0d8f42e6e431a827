package io.tlsweep.protocols;

import io.tlsweep.core.target.Transport;

import java.util.Objects;
import java.util.Set;

/**
 * One well-known service port.
 *
 * @param port      1..65535
 * @param transport TCP, or UDP for QUIC
 * @param service   the service name shown to people, e.g. {@code smtp-submission}
 * @param protocol  the application protocol key that STARTTLS preludes attach to, e.g. {@code smtp}
 * @param mode      how TLS starts on this port
 * @param sets      the named port sets this port belongs to (lower case), possibly empty
 * @param notes     a short remark for docs/ports.md, possibly empty
 */
public record PortEntry(int port, Transport transport, String service, String protocol,
                        TlsMode mode, Set<String> sets, String notes) {

    public PortEntry {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(mode, "mode");
        sets = Set.copyOf(sets);
        Objects.requireNonNull(notes, "notes");
    }
}
