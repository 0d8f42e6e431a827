package io.tlsweep.core.tls;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.SSL;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

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

    /**
     * Applies the settings and sends {@code sni} (null: none) as the server name, without putting
     * the engine in the client session cache (an engine made with a peer host would be), and
     * returns {@code engine}.
     *
     * <p>Why not {@code setSSLParameters}: on a BoringSSL engine the get/set pair re-reads and
     * re-sets every cipher suite and the protocols in native code, ~5% of the client's event-loop
     * CPU per handshake (docs/performance.md). Only the name is set here, exactly as Netty's
     * {@code setSSLParameters} sets it ({@code SSL_set_tlsext_host_name} of the ASCII form).
     *
     * @throws IllegalArgumentException when {@code sni} is not a valid host name ({@link SNIHostName})
     */
    public static SSLEngine prepare(SSLEngine engine, String sni) {
        prepare(engine);
        if (sni == null) {
            return engine;
        }
        SNIHostName name = new SNIHostName(sni);
        if (engine instanceof ReferenceCountedOpenSslEngine openSsl) {
            SSL.setTlsExtHostName(openSsl.sslPointer(), name.getAsciiName());
        } else {
            SSLParameters params = engine.getSSLParameters();
            params.setServerNames(List.of(name));
            engine.setSSLParameters(params);
        }
        return engine;
    }
}
