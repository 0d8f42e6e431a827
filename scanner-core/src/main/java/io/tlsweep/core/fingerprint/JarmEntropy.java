package io.tlsweep.core.fingerprint;

import io.tlsweep.core.tls.wire.Grease;
import java.security.SecureRandom;

/**
 * The random parts of a JARM hello: the client random, session id and X25519 placeholder share
 * (32 bytes each) and every GREASE value, each drawn afresh like the reference's {@code os.urandom}
 * and {@code random.choice}. Tests pass a fixed source to compare bytes.
 */
public interface JarmEntropy {

    /** {@code n} random bytes. */
    byte[] bytes(int n);

    /** One of the 16 GREASE values. */
    int grease();

    /** SecureRandom for both. */
    static JarmEntropy secure() {
        SecureRandom random = new SecureRandom();
        return new JarmEntropy() {
            @Override
            public byte[] bytes(int n) {
                byte[] b = new byte[n];
                random.nextBytes(b);
                return b;
            }

            @Override
            public int grease() {
                return Grease.VALUES.get(random.nextInt(Grease.VALUES.size()));
            }
        };
    }
}
