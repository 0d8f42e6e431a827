package io.tlsweep.core.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Has no client certificate to offer; its only job is to notice that the server asked for one.
 * Both providers consult the key manager only when a CertificateRequest arrives, so being called
 * is the signal.
 */
final class CertRequestKeyManager extends X509ExtendedKeyManager {

    static final CertRequestKeyManager INSTANCE = new CertRequestKeyManager();

    private static String noted() {
        HandshakeCapture capture = HandshakeCapture.current();
        if (capture != null) {
            capture.clientCertRequested();
        }
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return noted();
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return noted();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        noted();
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return null;
    }
}
