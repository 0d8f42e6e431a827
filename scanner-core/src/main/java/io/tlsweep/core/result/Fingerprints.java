package io.tlsweep.core.result;

/**
 * Fingerprints of the ServerHello the server sent in the probe's own handshake (TCP only; see
 * docs/fingerprints.md). The record carries null instead when no ServerHello was seen.
 *
 * @param ja3s    JA3S: MD5 of {@code ja3sRaw}, 32 lowercase hex digits
 * @param ja3sRaw the JA3S string {@code SSLVersion,Cipher,Extensions} (decimal)
 * @param ja4s    FoxIO's JA4S, e.g. {@code t130200_1301_234ea6891581}
 */
public record Fingerprints(String ja3s, String ja3sRaw, String ja4s) {
}
