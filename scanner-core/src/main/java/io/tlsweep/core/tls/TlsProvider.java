package io.tlsweep.core.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * Which TLS implementation makes the handshakes. BoringSSL (netty-tcnative) is about 2.5x cheaper
 * per handshake than JDK JSSE on this hardware (docs/performance.md), so it is the default; JSSE is
 * the fallback when the native library cannot load.
 */
public enum TlsProvider {
    BORINGSSL,
    JDK;

    static {
        // Before anything here can load Netty's OpenSsl, which freezes JSSE's settings (see JdkTlsPolicy).
        JdkTlsPolicy.apply();
    }

    /** The provider to use when the user did not choose: BoringSSL if it loads, else JDK. */
    public static TlsProvider preferred() {
        return OpenSsl.isAvailable() ? BORINGSSL : JDK;
    }

    SslProvider nettyProvider() {
        return this == BORINGSSL ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /** Why this provider cannot be used here, or null when it can. */
    public String unavailableReason() {
        if (this == BORINGSSL && !OpenSsl.isAvailable()) {
            Throwable cause = OpenSsl.unavailabilityCause();
            return "BoringSSL (netty-tcnative) is not available: "
                    + (cause == null ? "unknown reason" : cause.getMessage());
        }
        return null;
    }
}
