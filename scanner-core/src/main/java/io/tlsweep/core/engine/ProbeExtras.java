package io.tlsweep.core.engine;

import io.tlsweep.core.enumerate.EnumerationOutcome;
import io.tlsweep.core.result.AcmeInfo;
import io.tlsweep.core.result.HttpInfo;
import io.tlsweep.core.result.QuicInfo;
import io.tlsweep.core.tls.wire.ServerHello;

/**
 * What an attempt learnt beyond the handshake: QUIC facts, the web layer's request, ACME checks.
 * Carried by {@link AttemptOutcome} to the record unchanged, except for what only the whole probe
 * group knows (filled in by the group join). {@code serverHello} is the ServerHello of the TCP handshake
 * (null when none was parsed); its fingerprints are computed off the event loop, by the assembler.
 * {@code enumeration} is what {@code --enum} learnt after the probe, or null; {@code jarm} the
 * endpoint's JARM hash under {@code --jarm}, or null.
 */
record ProbeExtras(QuicInfo quic, HttpInfo http, AcmeInfo acme, ServerHello serverHello,
                   EnumerationOutcome enumeration, String jarm) {

    static final ProbeExtras NONE = new ProbeExtras(null, null, null, null, null, null);

    ProbeExtras withQuic(QuicInfo q) {
        return new ProbeExtras(q, http, acme, serverHello, enumeration, jarm);
    }

    ProbeExtras withHttp(HttpInfo h) {
        return new ProbeExtras(quic, h, acme, serverHello, enumeration, jarm);
    }

    ProbeExtras withAcme(AcmeInfo a) {
        return new ProbeExtras(quic, http, a, serverHello, enumeration, jarm);
    }

    ProbeExtras withServerHello(ServerHello hello) {
        return new ProbeExtras(quic, http, acme, hello, enumeration, jarm);
    }

    ProbeExtras withEnumeration(EnumerationOutcome e) {
        return new ProbeExtras(quic, http, acme, serverHello, e, jarm);
    }

    ProbeExtras withJarm(String j) {
        return new ProbeExtras(quic, http, acme, serverHello, enumeration, j);
    }
}
