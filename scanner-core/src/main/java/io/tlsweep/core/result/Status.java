package io.tlsweep.core.result;

/**
 * One taxonomy for every outcome of a probe (after zgrab2's {@code status.go}). The wire name is
 * what appears in the NDJSON {@code status} field; it never changes meaning once released.
 */
public enum Status {
    /**
     * TLS handshake completed; certificate, chain and verdicts are present. For a plaintext HTTP-01
     * probe on port 80 ({@code --acme}): an HTTP answer arrived ({@code tls} is null).
     */
    SUCCESS("success"),
    /** The TCP connection was actively refused (RST to our SYN). */
    REFUSED("refused"),
    /** Connect, handshake or total deadline passed; {@code phase} says which. */
    TIMEOUT("timeout"),
    /** The peer reset an established connection. */
    RESET("reset"),
    /** No route to the host or network (ICMP unreachable, EHOSTUNREACH, ENETUNREACH). */
    UNREACHABLE("unreachable"),
    /** The peer answered, but not with TLS; {@code first_bytes} holds what it sent. */
    NOT_TLS("not_tls"),
    /** The peer sent a TLS alert; {@code error} is {@code alert:<name>}. */
    ALERT("alert"),
    /** The peer closed the connection cleanly (FIN) before the handshake finished. */
    CLOSED("closed"),
    /** Any other handshake failure (protocol error, no shared cipher on our side, ...). */
    HANDSHAKE_FAILED("handshake_failed"),
    /** The service speaks its protocol but does not offer the TLS upgrade (no STARTTLS, PostgreSQL 'N'). */
    STARTTLS_UNSUPPORTED("starttls_unsupported"),
    /** The service was asked for the TLS upgrade and refused it ({@code prelude.reply_code} says how). */
    STARTTLS_REJECTED("starttls_rejected"),
    /** The service greeted with a refusal to serve (SMTP 421/554, FTP 421, IMAP BYE). */
    SERVICE_UNAVAILABLE("service_unavailable"),
    /** The peer answered the plaintext prelude, but not in the protocol expected on the port. */
    PROTOCOL_MISMATCH("protocol_mismatch"),
    /** A QUIC server answered with Version Negotiation and no version both sides speak; {@code quic.server_versions} lists its own. */
    VERSION_NEGOTIATION("version_negotiation"),
    /** A hostname target did not resolve; {@code ip} is null. */
    DNS_ERROR("dns_error"),
    /** A local failure that is neither the network nor the peer (e.g. out of file descriptors). */
    LOCAL_ERROR("local_error");

    private final String wire;

    Status(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
