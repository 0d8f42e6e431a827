package io.tlsweep.core.engine;

import io.tlsweep.core.prelude.StartTlsDialect;

/**
 * How to probe one target: the service expected there and, for upgrade protocols, the dialect that
 * negotiates TLS. A null dialect means implicit TLS: the ClientHello goes first.
 *
 * @param service    the service name from the port catalogue ("smtp-submission"), or null when unknown
 * @param dialect    the STARTTLS-style dialect, or null for implicit TLS
 * @param webPort    the port is in the catalogue's {@code web} set: with {@code --http}, a handshake
 *                   that selects no ALPN protocol is still followed by an HTTP/1.1 request
 * @param acmeHttp01 no TLS at all: the plaintext ACME HTTP-01 request of {@code --acme} on port 80
 *                   ({@link AcmeHttp01Probe}); the dialect is then null
 */
public record ProbeKind(String service, StartTlsDialect dialect, boolean webPort, boolean acmeHttp01) {

    /** Implicit TLS on a port nobody catalogued. */
    public static final ProbeKind IMPLICIT_TLS = new ProbeKind(null, null);

    public ProbeKind {
        if (acmeHttp01 && dialect != null) {
            throw new IllegalArgumentException("an HTTP-01 probe has no STARTTLS dialect");
        }
    }

    /** A TLS probe of a port outside the {@code web} set: implicit TLS when {@code dialect} is null, else that upgrade. */
    public ProbeKind(String service, StartTlsDialect dialect) {
        this(service, dialect, false, false);
    }

    /** A TLS probe; {@code webPort} as the catalogue says. */
    public static ProbeKind tls(String service, StartTlsDialect dialect, boolean webPort) {
        return new ProbeKind(service, dialect, webPort, false);
    }

    /** The ACME HTTP-01 check on a port-80 target ({@code --acme}). */
    public static ProbeKind acmeHttp01(String service) {
        return new ProbeKind(service, null, false, true);
    }

    /**
     * How an attempt of this kind tries: "starttls" when a dialect upgrades the connection, "none"
     * for the plaintext HTTP-01 request, else "implicit".
     */
    public String tlsMode() {
        if (acmeHttp01) {
            return "none";
        }
        return dialect == null ? "implicit" : "starttls";
    }
}
