package io.tlsweep.core.engine;

import io.tlsweep.core.prelude.StartTlsDialect;

/**
 * How to probe one target: the service expected there and, for upgrade protocols, the dialect that
 * negotiates TLS. A null dialect means implicit TLS: the ClientHello goes first.
 *
 * @param service the service name from the port catalogue ("smtp-submission"), or null when unknown
 * @param dialect the STARTTLS-style dialect, or null for implicit TLS
 * @param webPort the port is in the catalogue's {@code web} set: with {@code --http}, a handshake
 *                that selects no ALPN protocol is still followed by an HTTP/1.1 request
 */
public record ProbeKind(String service, StartTlsDialect dialect, boolean webPort) {

    /** Implicit TLS on a port nobody catalogued. */
    public static final ProbeKind IMPLICIT_TLS = new ProbeKind(null, null);

    /** A probe of a port outside the {@code web} set. */
    public ProbeKind(String service, StartTlsDialect dialect) {
        this(service, dialect, false);
    }

    /** How an attempt of this kind tries: "starttls" when a dialect upgrades the connection, else "implicit". */
    public String tlsMode() {
        return dialect == null ? "implicit" : "starttls";
    }
}
