package io.tlsweep.core.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.tls.wire.CipherSuites;
import io.tlsweep.core.tls.wire.ClientHelloSpec;
import io.tlsweep.core.tls.wire.Extensions;
import io.tlsweep.core.tls.wire.NamedGroups;
import io.tlsweep.core.tls.wire.TlsVersion;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/** Raw hellos and servers for the enumeration plumbing's tests. */
final class TestHellos {

    /** A TLS alert record: fatal handshake_failure (40), what a server sends to a hello it refuses. */
    static final byte[] HANDSHAKE_FAILURE_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};

    private TestHellos() {
    }

    /**
     * A TLS 1.2 ClientHello a JDK or BoringSSL server answers with a full clear-text flight
     * (ECDHE with ECDSA or RSA, AES-GCM; the extensions TLS 1.2 servers require).
     */
    static ClientHelloSpec tls12(String sni) {
        var b = ClientHelloSpec.builder()
                .helloVersion(TlsVersion.TLS1_2)
                .cipherSuites(List.of(0xc02b, 0xc02f, 0xc02c, 0xc030, CipherSuites.TLS_EMPTY_RENEGOTIATION_INFO_SCSV));
        if (sni != null) {
            b.extension(Extensions.serverName(sni));
        }
        return b.extension(Extensions.supportedGroups(List.of(NamedGroups.X25519, NamedGroups.SECP256R1)))
                .extension(Extensions.ecPointFormats(0))
                .extension(Extensions.signatureAlgorithms(List.of(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501)))
                .extension(Extensions.extendedMasterSecret())
                .build();
    }

    /** A TLS 1.2-only JDK server context with {@code cert}. */
    static SslContext tls12Server(HeldCertificate cert) throws SSLException {
        return SslContextBuilder.forServer(cert.keyPair().getPrivate(), cert.chain().toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.JDK).protocols("TLSv1.2").build();
    }

    /** A one-thread client group and the scan's connect template on it, as the engine builds it. */
    static Bootstrap clientBootstrap(MultiThreadIoEventLoopGroup group, ScanConfig config) {
        return ScanEngine.connectBootstrap(group, NioSocketChannel.class, config);
    }

    static MultiThreadIoEventLoopGroup clientGroup() {
        return new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }
}
