package io.tlsweep.core.result;

/** Stable finding codes. Adding one is fine; renaming or changing the meaning of one is breaking. */
public enum FindingCode {
    EXPIRED("expired"),
    NOT_YET_VALID("not_yet_valid"),
    NAME_MISMATCH("name_mismatch"),
    SELF_SIGNED("self_signed"),
    UNTRUSTED("untrusted"),
    INCOMPLETE_CHAIN("incomplete_chain"),
    CHAIN_ORDER("chain_order"),
    WEAK_KEY("weak_key"),
    WEAK_SIGNATURE("weak_signature"),
    DEPRECATED_PROTOCOL("deprecated_protocol"),
    WEAK_CIPHER("weak_cipher"),
    /** Bytes arrived after the server's STARTTLS go-ahead and before the handshake (discarded). */
    STARTTLS_INJECTION("starttls_injection"),
    /** Alt-Svc advertises h3, but QUIC on that port did not answer in the same scan. */
    ALT_SVC_H3_UNREACHABLE("alt_svc_h3_unreachable"),
    /** Port 80 refused or timed out: an ACME HTTP-01 validation cannot reach the origin. */
    ACME_HTTP01_BLOCKED("acme_http01_blocked"),
    // Raw-hello enumeration (--enum, docs/enumeration.md): what the server accepts, not what was negotiated.
    PROTOCOL_SSLV3("protocol_sslv3"),
    PROTOCOL_TLS10("protocol_tls10"),
    PROTOCOL_TLS11("protocol_tls11"),
    CIPHER_NULL("cipher_null"),
    CIPHER_EXPORT("cipher_export"),
    CIPHER_ANONYMOUS("cipher_anonymous"),
    CIPHER_RC4("cipher_rc4"),
    CIPHER_3DES("cipher_3des"),
    /** Every suite accepted at TLS 1.2 and older is CBC and TLS 1.3 is not offered. */
    CIPHER_CBC_ONLY("cipher_cbc_only"),
    /** No accepted suite has an ephemeral key exchange (TLS 1.3 counts as forward secret). */
    NO_FORWARD_SECRECY("no_forward_secrecy"),
    /** Informational: no hybrid post-quantum group (X25519MLKEM768 …) accepted. */
    NO_PQ_GROUP("no_pq_group"),
    /** TLS 1.2 or older accepted without the renegotiation_info extension (RFC 5746). */
    NO_SECURE_RENEGOTIATION("no_secure_renegotiation");

    private final String wire;

    FindingCode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
