package io.tlsweep.protocols.testing;

import io.tlsweep.core.tls.JdkTlsPolicy;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Applies {@link JdkTlsPolicy} before any test class of this module runs, as the CLI's {@code Main}
 * does before anything else: JSSE reads its limits once, when its classes initialise, so whichever
 * test first built a Netty {@code SslContext} used to decide, for the whole test JVM, whether the
 * JDK provider ran with the scanner's 100 KiB handshake-message cap or JSSE's own 32 KiB. Registered
 * for every Jupiter test by {@code META-INF/services} and {@code junit-platform.properties}
 * (extension autodetection); the JUnit engine creates it before the first test class initialises.
 */
public final class TlsPolicyFirst implements BeforeAllCallback {

    static {
        JdkTlsPolicy.apply();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        JdkTlsPolicy.apply(); // idempotent; the static block above has normally done it already
    }
}
