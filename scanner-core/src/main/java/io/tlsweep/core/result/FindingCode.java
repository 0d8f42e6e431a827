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
    ACME_HTTP01_BLOCKED("acme_http01_blocked");

    private final String wire;

    FindingCode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
