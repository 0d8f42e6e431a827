package io.tlsweep.core.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Builds the one client {@link SslContext} a scan uses. A scanner must be able to talk to old and
 * broken servers in order to report them, so it offers every protocol version and cipher suite its
 * provider can speak (TLS 1.0 to 1.3), trusts every chain (judged later by the analyzer) and never
 * verifies the hostname itself.
 */
public final class TlsClientContextFactory {

    /** Versions offered, newest first. SSLv3 is not offered: BoringSSL cannot speak it. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");

    /**
     * Key-exchange groups offered by BoringSSL, in preference order: the classical ones only.
     * Netty's default list starts with the post-quantum hybrid X25519MLKEM768, and BoringSSL then
     * sends two TLS 1.3 key shares per handshake (one post-quantum, one classical); it does so
     * whenever both kinds are listed, so the hybrid cannot merely go last. Its ML-KEM-768 key
     * generation was ~14% of the client's event-loop CPU in a sweep (docs/performance.md), for no
     * field of the record: the negotiated group is not reported, and servers that speak the hybrid
     * also speak X25519.
     */
    public static final List<String> BORINGSSL_GROUPS = List.of("X25519", "P-256", "P-384", "P-521");

    private TlsClientContextFactory() {
    }

    /**
     * @param provider the TLS implementation
     * @param alpn     protocols to offer in ALPN, in preference order; empty offers no ALPN
     */
    public static SslContext create(TlsProvider provider, List<String> alpn) throws SSLException {
        String reason = provider.unavailableReason();
        if (reason != null) {
            throw new SSLException(reason);
        }
        if (provider == TlsProvider.JDK) {
            JdkTlsPolicy.apply(); // normally done already, as TlsProvider loaded
        }
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(provider.nettyProvider())
                .trustManager(CapturingTrustManager.INSTANCE)
                .keyManager(CertRequestKeyManager.INSTANCE)
                .protocols(PROTOCOLS)
                .ciphers(allCipherSuites(provider), IdentityCipherSuiteFilter.INSTANCE_DEFAULTING_TO_SUPPORTED_CIPHERS)
                // No session cache: every probe must see the full handshake and the full chain.
                .sessionCacheSize(1);
        if (provider == TlsProvider.BORINGSSL) {
            builder.option(OpenSslContextOption.GROUPS, BORINGSSL_GROUPS.toArray(String[]::new));
        }
        if (!alpn.isEmpty()) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(Protocol.ALPN,
                    SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT, alpn));
        }
        return builder.build();
    }

    private static List<String> allCipherSuites(TlsProvider provider) throws SSLException {
        if (provider == TlsProvider.BORINGSSL) {
            return new ArrayList<>(OpenSsl.availableJavaCipherSuites());
        }
        try {
            SSLParameters supported = SSLContext.getDefault().getSupportedSSLParameters();
            return Arrays.asList(supported.getCipherSuites());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new SSLException("JDK TLS is not available", e);
        }
    }
}
