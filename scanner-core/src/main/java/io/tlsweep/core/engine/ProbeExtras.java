package io.tlsweep.core.engine;

import io.tlsweep.core.result.AcmeInfo;
import io.tlsweep.core.result.HttpInfo;
import io.tlsweep.core.result.QuicInfo;

/**
 * What an attempt learnt beyond the handshake: QUIC facts, the web layer's request, ACME checks.
 * Carried by {@link AttemptOutcome} to the record unchanged, except for what only the whole probe
 * group knows (filled in by the group join).
 */
record ProbeExtras(QuicInfo quic, HttpInfo http, AcmeInfo acme) {

    static final ProbeExtras NONE = new ProbeExtras(null, null, null);

    ProbeExtras withQuic(QuicInfo q) {
        return new ProbeExtras(q, http, acme);
    }

    ProbeExtras withHttp(HttpInfo h) {
        return new ProbeExtras(quic, h, acme);
    }

    ProbeExtras withAcme(AcmeInfo a) {
        return new ProbeExtras(quic, http, a);
    }
}
