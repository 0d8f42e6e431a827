package io.tlsweep.core.engine;

import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.core.result.Status;

/**
 * What one attempt showed about the mode a port really speaks: the input of mode detection and
 * diagnosis ({@link ProbePlanner#followUp}, {@link ProbePlanner#diagnose}).
 *
 * @param tlsMode    "implicit" or "starttls": how this attempt tried ("none" for an ACME HTTP-01 request)
 * @param protocol   the dialect tried, or null for implicit TLS
 * @param status     how it ended
 * @param firstBytes what the peer sent when it was not TLS (escaped), else null
 * @param prelude    what the plaintext upgrade showed, or null
 * @param tlsVersion the negotiated version when the handshake completed, else null
 */
public record ModeObservation(String tlsMode, String protocol, Status status, String firstBytes,
                              PreludeInfo prelude, String tlsVersion) {
}
