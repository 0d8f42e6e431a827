package io.tlsweep.core.prelude;

import io.tlsweep.core.result.Status;

/** Why a plaintext upgrade did not reach TLS, and the record status each reason maps to. */
public enum PreludeOutcome {
    /** The server speaks the protocol but does not offer the upgrade (no STARTTLS in EHLO, PostgreSQL 'N'). */
    STARTTLS_UNSUPPORTED(Status.STARTTLS_UNSUPPORTED),
    /** The server offered the upgrade, or was asked for it, and refused (454, NO, -ERR, LDAP resultCode != 0). */
    STARTTLS_REJECTED(Status.STARTTLS_REJECTED),
    /** The greeting says the service will not talk now (SMTP 421/554, FTP 421, IMAP BYE). */
    SERVICE_UNAVAILABLE(Status.SERVICE_UNAVAILABLE),
    /** The server answered, but not in the expected protocol (or broke it). */
    PROTOCOL_MISMATCH(Status.PROTOCOL_MISMATCH);

    private final Status status;

    PreludeOutcome(Status status) {
        this.status = status;
    }

    public Status status() {
        return status;
    }
}
