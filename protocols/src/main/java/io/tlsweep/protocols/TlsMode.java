package io.tlsweep.protocols;

/**
 * How TLS starts on a service port. The port decides the service and the service decides the
 * mode; speaking the wrong mode gives timeouts or "wrong version number" on a healthy server.
 */
public enum TlsMode {
    /** The client sends a ClientHello as its first bytes (HTTPS, IMAPS, LDAPS, ...). */
    IMPLICIT,
    /**
     * A plaintext exchange first upgrades the connection (SMTP STARTTLS, LDAP StartTLS, the
     * PostgreSQL SSLRequest, MySQL CLIENT_SSL, TDS pre-login); a prelude keyed by the entry's
     * protocol does it.
     */
    STARTTLS,
    /** TLS 1.3 carried inside QUIC over UDP (HTTP/3). */
    QUIC,
    /** No TLS on this port; catalogued so a probe there can be explained, not to be scanned. */
    NONE
}
