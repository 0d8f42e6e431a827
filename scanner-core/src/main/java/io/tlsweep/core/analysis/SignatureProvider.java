package io.tlsweep.core.analysis;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The JCA provider that checks certificate signatures. BouncyCastle, not the JDK's: on JDK 17 a
 * P-256 ECDSA verification costs about 2.6 ms in SunEC and 0.33 ms in BouncyCastle on this hardware
 * ({@code EcdsaVerifyBench}, docs/performance.md), and a chain needs several, so with the JDK's the
 * analysis workers, not the network, would set the pace of a sweep.
 */
final class SignatureProvider {

    /** Shared instance for {@code X509Certificate.verify(key, provider)}. */
    static final Provider BC = registered();

    /** Name for APIs that take one ({@code PKIXParameters.setSigProvider}). */
    static final String NAME = BC.getName();

    private SignatureProvider() {
    }

    /**
     * Registered last, so it is found by name but never chosen over the JDK's own providers for
     * anything the rest of the program (TLS, key stores) looks up by algorithm.
     */
    private static Provider registered() {
        synchronized (Security.class) {
            Provider existing = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
            if (existing != null) {
                return existing;
            }
            Provider bc = new BouncyCastleProvider();
            Security.addProvider(bc);
            return bc;
        }
    }
}
