package io.tlsweep.core.tls.wire;

import io.tlsweep.core.tls.TlsAlerts;

/** A plaintext alert record: level 1 = warning, 2 = fatal; description as in RFC 8446 section 6. */
public record AlertMessage(int level, int description) {

    public boolean fatal() {
        return level == 2;
    }

    /** The RFC name, e.g. {@code handshake_failure} (see {@link TlsAlerts#name(int)}). */
    public String name() {
        return TlsAlerts.name(description);
    }
}
