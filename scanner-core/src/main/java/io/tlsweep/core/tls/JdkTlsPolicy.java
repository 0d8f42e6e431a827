package io.tlsweep.core.tls;

import java.security.Security;

/**
 * The JVM-wide JSSE settings a scanner needs in order to report old and odd servers instead of
 * refusing them: TLS 1.0/1.1 and weak suites allowed ({@code jdk.tls.disabledAlgorithms}), and
 * server chains as long as BoringSSL accepts ({@code jdk.tls.maxHandshakeMessageSize}, 32 KB by
 * default, and {@code jdk.tls.maxCertificateChainLength}, 10 by default).
 *
 * <p>Why it runs as {@link TlsProvider} loads: JSSE reads these settings once, when its TLS classes
 * initialise, and later changes are silently ignored. Netty initialises them as a side effect of
 * loading {@code OpenSsl}, which {@code TlsProvider.preferred()} (the {@code ScanConfig} default)
 * does; relaxing when the JDK client context is built, as the factory used to, was therefore always
 * too late. Code that touches Netty's TLS classes must reach {@link TlsProvider} first.
 *
 * <p>Values the user set (system properties) are left alone. Certificate-path constraints are not
 * touched: trust is judged by the analyzer the same way for both providers.
 */
public final class JdkTlsPolicy {

    /** BoringSSL's default limit on the Certificate message (SSL_MAX_CERT_LIST_DEFAULT). */
    static final int MAX_HANDSHAKE_MESSAGE_BYTES = 100 * 1024;

    /** Matches the BoringSSL verify depth of {@link ClientEngines}. */
    static final int MAX_CERTIFICATE_CHAIN_LENGTH = ClientEngines.VERIFY_DEPTH;

    private static boolean applied;

    private JdkTlsPolicy() {
    }

    /** Applies the settings; idempotent, cheap after the first call. */
    public static synchronized void apply() {
        if (applied) {
            return;
        }
        applied = true;
        Security.setProperty("jdk.tls.disabledAlgorithms", "SSLv2Hello, SSLv3");
        setUnlessGiven("jdk.tls.maxHandshakeMessageSize", MAX_HANDSHAKE_MESSAGE_BYTES);
        setUnlessGiven("jdk.tls.maxCertificateChainLength", MAX_CERTIFICATE_CHAIN_LENGTH);
    }

    private static void setUnlessGiven(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}
