package io.tlsweep.core.tls;

import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager for a client: the server-side checks cannot be called, and no issuers are
 * advertised. Subclasses say what a server's chain is used for (captured, never judged here).
 */
abstract class ClientSideTrustManager extends X509ExtendedTrustManager {

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        throw new UnsupportedOperationException("client-side trust manager");
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        throw new UnsupportedOperationException("client-side trust manager");
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType) {
        throw new UnsupportedOperationException("client-side trust manager");
    }

    @Override
    public final X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
