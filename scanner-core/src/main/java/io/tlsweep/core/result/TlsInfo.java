package io.tlsweep.core.result;

/**
 * What the handshake negotiated.
 *
 * @param version             "TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1"
 * @param cipher              IANA/RFC name, e.g. "TLS_AES_128_GCM_SHA256"
 * @param alpn                the selected ALPN protocol, or null when none was selected
 * @param clientCertRequested the server sent a CertificateRequest
 */
public record TlsInfo(String version, String cipher, String alpn, boolean clientCertRequested) {
}
