package io.tlsweep.core.engine;

import io.netty.handler.ssl.SslContext;
import io.tlsweep.core.acme.AcmeRedirects;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import io.tlsweep.core.tls.TlsClientContextFactory;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * What the engine holds for {@code --acme}, made once per scan: the two client contexts (same
 * provider, versions, ciphers and trust-all manager as the scan's own, other ALPN) and a small pool
 * for the DNS lookups of redirect targets, which block.
 */
final class AcmeSupport implements AutoCloseable {

    /** The ALPN protocol of RFC 8737. */
    static final String ACME_TLS_1 = "acme-tls/1";

    /** Lookups are rare (a redirect to another name) and short; two threads keep one slow name from blocking all. */
    private static final int RESOLVER_THREADS = 2;

    private final ScanConfig config;
    private final SslContext redirectContext;
    private final SslContext tlsAlpnContext;
    private final ExecutorService resolver;
    private final AcmeRedirects redirects;

    private AcmeSupport(ScanConfig config, SslContext redirectContext, SslContext tlsAlpnContext) {
        this.config = config;
        this.redirectContext = redirectContext;
        this.tlsAlpnContext = tlsAlpnContext;
        this.redirects = new AcmeRedirects(config.acmeHttpPort(), config.acmeHttpsPort());
        AtomicInteger n = new AtomicInteger();
        this.resolver = Executors.newFixedThreadPool(RESOLVER_THREADS, r -> {
            Thread t = new Thread(r, "tlsweep-acme-resolver-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Null when {@code --acme} is off. */
    static AcmeSupport forConfig(ScanConfig config) throws SSLException {
        if (!config.acme()) {
            return null;
        }
        return new AcmeSupport(config,
                // https redirect hops: we speak HTTP/1.1 only, so offer only that (an h2-only server
                // then says so with an alert instead of a protocol we cannot read).
                TlsClientContextFactory.create(config.provider(), List.of("http/1.1")),
                TlsClientContextFactory.create(config.provider(), List.of(ACME_TLS_1)));
    }

    /** Whether a TLS probe of {@code target} gets the TLS-ALPN-01 check after it: TCP on the HTTPS port. */
    boolean checksTlsAlpn(Target target, ProbeKind kind) {
        return !kind.acmeHttp01() && target.transport() == Transport.TCP && target.port() == config.acmeHttpsPort();
    }

    SslContext redirectContext() {
        return redirectContext;
    }

    SslContext tlsAlpnContext() {
        return tlsAlpnContext;
    }

    ExecutorService resolver() {
        return resolver;
    }

    AcmeRedirects redirects() {
        return redirects;
    }

    @Override
    public void close() {
        resolver.shutdownNow();
    }
}
