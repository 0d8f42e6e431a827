package io.tlsweep.core.tls;

import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicSslEngine;
import io.netty.util.AttributeKey;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;

/**
 * The TLS side of QUIC probes: one client {@link QuicSslContext} (quiche's BoringSSL, TLS 1.3 only,
 * whatever {@code --provider} says) that offers exactly the configured ALPN list, trusts every
 * chain, resumes no session, and hands each connection's chain, exactly as served, to that
 * connection's {@link ChainCapture}.
 *
 * <p>Why captures are keyed by engine here, when TCP binds a thread-local ({@link HandshakeCapture}):
 * one UDP channel carries many QUIC connections and a single read can advance several handshakes,
 * so no binding around a read can tell them apart. Quiche's verify callback passes the very engine
 * that {@link QuicChannel#sslEngine()} returns, so the engine is the key.
 *
 * <pre>{@code
 * QuicClientTls tls = QuicClientTls.create(List.of("h3"));
 * codecBuilder.sslContext(tls.context()).sslEngineProvider(q -> tls.newEngine(q, sni, port));
 * ... after the handshake (or its failure):
 * List<X509Certificate> chain = tls.release(quicChannel);   // once per connection, on every path
 * }</pre>
 */
public final class QuicClientTls {

    /** Where a connection's capture hangs, so the probe finds it from its channel. */
    private static final AttributeKey<ChainCapture> CAPTURE = AttributeKey.valueOf(QuicClientTls.class, "capture");

    private final QuicSslContext context;
    private final Map<SSLEngine, ChainCapture> captures = new ConcurrentHashMap<>();

    private QuicClientTls(List<String> alpn) {
        this.context = QuicSslContextBuilder.forClient()
                .trustManager(new EngineKeyedTrustManager())
                .applicationProtocols(alpn.toArray(String[]::new))
                // Every probe must see a full handshake and the whole chain: no resumption, no 0-RTT.
                .sessionCacheSize(0)
                .earlyData(false)
                .build();
    }

    /**
     * @param alpn the ALPN protocols to offer, exactly (never Netty's default list, which includes
     *             drafts a server may prefer); at least one, as QUIC requires ALPN
     */
    public static QuicClientTls create(List<String> alpn) {
        if (alpn.isEmpty()) {
            throw new IllegalArgumentException("QUIC needs at least one ALPN protocol");
        }
        return new QuicClientTls(alpn);
    }

    public QuicSslContext context() {
        return context;
    }

    /**
     * The engine for one connection, registered for chain capture. {@code sni} null sends no SNI
     * (as does an IP literal or a dotless name: quiche's engine only sends DNS names with a dot).
     */
    public QuicSslEngine newEngine(QuicChannel channel, String sni, int port) {
        QuicSslEngine engine = context.newEngine(channel.alloc(), sni, port);
        ChainCapture capture = new ChainCapture(engine);
        captures.put(engine, capture);
        channel.attr(CAPTURE).set(capture);
        return engine;
    }

    /**
     * Ends the capture of {@code channel}'s connection and returns the chain the server sent (leaf
     * first), or null when none arrived. Safe to call on any path, more than once.
     */
    public List<X509Certificate> release(QuicChannel channel) {
        ChainCapture capture = channel.attr(CAPTURE).getAndSet(null);
        if (capture == null) {
            return null;
        }
        captures.remove(capture.engine);
        return capture.chain;
    }

    /** Connections still registered (for tests: zero once every probe has ended). */
    public int registered() {
        return captures.size();
    }

    private static final class ChainCapture {
        private final SSLEngine engine;
        private volatile List<X509Certificate> chain;

        ChainCapture(SSLEngine engine) {
            this.engine = engine;
        }
    }

    /** Trusts everything and records the chain for the engine's capture; trust is judged later, by the analyzer. */
    private final class EngineKeyedTrustManager extends ClientSideTrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            ChainCapture capture = engine == null ? null : captures.get(engine);
            if (capture != null && chain != null && chain.length > 0 && capture.chain == null) {
                capture.chain = List.of(chain);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // QUIC has no sockets: never called.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Only the engine variant can say whose chain it is.
        }

    }
}
