package io.tlsweep.core.result;

/**
 * ACME readiness ({@code --acme}): can a CA validate this name? HTTP-01 is checked on the port-80
 * record, TLS-ALPN-01 on the TCP/443 record; the other half is null.
 *
 * @param http01    the HTTP-01 check, or null on records that do not carry it
 * @param tlsAlpn01 the TLS-ALPN-01 check, or null on records that do not carry it
 */
public record AcmeInfo(Http01 http01, TlsAlpn01 tlsAlpn01) {

    /**
     * {@code GET /.well-known/acme-challenge/<random token>} on port 80 with the name as Host.
     *
     * @param result   {@code ready}, {@code redirect_ok}, {@code redirect_broken}, {@code blocked} or {@code error}
     * @param status   the HTTP status of the first answer, or null
     * @param location the redirect target, escaped and bounded, or null
     * @param detail   a human explanation (may change between releases)
     */
    public record Http01(String result, Integer status, String location, String detail) {
    }

    /**
     * A handshake offering only ALPN {@code acme-tls/1}.
     *
     * @param accepted the server selected {@code acme-tls/1}
     * @param detail   what happened instead (an alert, no ALPN selected, ...), or null
     */
    public record TlsAlpn01(boolean accepted, String detail) {
    }
}
