package io.tlsweep.core.fingerprint;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * MD5 and SHA-256 for the per-record fingerprints, from one digest per thread:
 * {@code MessageDigest.getInstance} walks the provider list on every call, which on the analysis
 * path of every handshake costs more than hashing the few dozen bytes of a JA3S/JA4S string.
 */
final class Digests {

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> digest("MD5"));
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> digest("SHA-256"));

    private Digests() {
    }

    static byte[] md5(byte[] input) {
        return MD5.get().digest(input); // digest() resets the instance for the next call
    }

    static byte[] sha256(byte[] input) {
        return SHA256.get().digest(input);
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
    }
}
