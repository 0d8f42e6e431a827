package io.tlsweep.core.tls;

import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;

/**
 * Accepts every server chain (a scanner must see broken certificates, not refuse them) and hands
 * it, exactly as sent, to the connection's {@link HandshakeCapture}. Trust is judged afterwards by
 * the certificate analyzer, with the user's trust anchors.
 */
final class CapturingTrustManager extends ClientSideTrustManager {

    static final CapturingTrustManager INSTANCE = new CapturingTrustManager();

    private static void capture(X509Certificate[] chain) {
        HandshakeCapture capture = HandshakeCapture.current();
        if (capture != null) {
            capture.servedChain(chain);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        capture(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        capture(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        capture(chain);
    }

}
