package io.tlsweep.core.tls;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the TLS engine told our trust and key managers during one handshake: the chain exactly as
 * the server sent it, and whether it asked for a client certificate. Kept per connection so that
 * a handshake that fails after the Certificate message (an alert, a required client certificate)
 * still reports the chain.
 *
 * <p>Why a thread-local and not a map keyed by engine: with JDK JSSE the engine handed to the
 * managers is the inner engine Netty wraps, not the one we hold. Both providers call the managers
 * synchronously inside {@code SSLEngine.unwrap}, which Netty's {@code SslHandler} runs on the
 * channel's event-loop thread (delegated tasks run inline); {@link CaptureBindingHandler} binds the
 * capture around exactly that call.
 */
public final class HandshakeCapture {

    private static final ThreadLocal<HandshakeCapture> CURRENT = new ThreadLocal<>();

    private volatile List<X509Certificate> servedChain;
    private volatile boolean clientCertRequested;

    static HandshakeCapture current() {
        return CURRENT.get();
    }

    static HandshakeCapture bind(HandshakeCapture capture) {
        HandshakeCapture previous = CURRENT.get();
        CURRENT.set(capture);
        return previous;
    }

    static void restore(HandshakeCapture previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    void servedChain(X509Certificate[] chain) {
        if (chain != null && chain.length > 0 && servedChain == null) {
            servedChain = List.of(chain);
        }
    }

    void clientCertRequested() {
        clientCertRequested = true;
    }

    /** The chain as sent (leaf first), or null when the server's Certificate message was not seen. */
    public List<X509Certificate> servedChain() {
        return servedChain;
    }

    public boolean wasClientCertRequested() {
        return clientCertRequested;
    }
}
