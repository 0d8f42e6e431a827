package io.tlsweep.core.tls.wire;

import java.util.List;

/**
 * What a server said in the clear in answer to a raw ClientHello, as far as {@link ServerHelloParser}
 * read it. Any part may be absent: a server may alert at once, close, or stop mid-flight.
 *
 * @param serverHello        the ServerHello or HelloRetryRequest, or null
 * @param alert              the first plaintext alert, or null
 * @param certificates       the DER certificates of a TLS 1.2-or-older Certificate message, in the
 *                           order sent (at most {@link ServerHelloParser#MAX_CERTIFICATES}); empty if none
 * @param certificatesCapped true when the message held more certificates than were kept
 * @param serverHelloDone    true once ServerHelloDone (the end of a TLS 1.2 server flight) was read
 * @param encryptedFollows   true when the server went on with protected records (TLS 1.3)
 * @param keyExchangeGroup   the named group of a TLS 1.2-or-older (EC)DHE ServerKeyExchange
 *                           (curve_type named_curve), or null
 * @param dhPrimeBits        the bit length of the prime p of a TLS 1.2-or-older DHE ServerKeyExchange, or null
 */
public record ServerFlight(ServerHello serverHello, AlertMessage alert, List<byte[]> certificates,
                           boolean certificatesCapped, boolean serverHelloDone, boolean encryptedFollows,
                           Integer keyExchangeGroup, Integer dhPrimeBits) {

    /** Nothing arrived. */
    public static ServerFlight empty() {
        return new ServerFlight(null, null, List.of(), false, false, false, null, null);
    }

    public ServerFlight {
        certificates = List.copyOf(certificates);
    }
}
