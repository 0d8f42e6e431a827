package io.tlsweep.core.tls;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.SSL;
import javax.net.ssl.SSLEngine;

/**
 * Per-connection settings that a client {@code SslContext} cannot carry; apply them to every engine
 * made from a context of {@link TlsClientContextFactory}.
 */
public final class ClientEngines {

    /**
     * Verify depth for BoringSSL engines. Netty's client contexts set 10, and netty-tcnative then hands
     * the trust manager only the first 10 certificates the server sent: a longer chain would reach
     * {@link CapturingTrustManager}, and so the record, silently cut short. BoringSSL's own limit on
     * the Certificate message (100 KB) is what bounds a hostile chain; this only has to exceed it.
     */
    static final int VERIFY_DEPTH = 1024;

    private ClientEngines() {
    }

    /** Applies the settings to {@code engine} (a no-op for JDK engines) and returns it. */
    public static SSLEngine prepare(SSLEngine engine) {
        if (engine instanceof ReferenceCountedOpenSslEngine openSsl) {
            // IGNORED keeps the verify mode Netty chose and changes only the depth.
            openSsl.setVerify(SSL.SSL_CVERIFY_IGNORED, VERIFY_DEPTH);
        }
        return engine;
    }
}
