package io.tlsweep.core.fingerprint;

import io.tlsweep.core.result.Fingerprints;
import io.tlsweep.core.tls.wire.ServerHello;

/** The record's {@code fingerprints} object of a ServerHello: JA3S (hash and string) and JA4S. */
public final class ServerHelloFingerprints {

    private ServerHelloFingerprints() {
    }

    /** The fingerprints of {@code hello}, or null when there is none. */
    public static Fingerprints of(ServerHello hello) {
        if (hello == null) {
            return null;
        }
        String raw = Ja3s.raw(hello);
        return new Fingerprints(Ja3s.md5Hex(raw), raw, Ja4s.of(hello));
    }
}
