package io.tlsweep.protocols.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.engine.ProbeKind;
import io.tlsweep.core.engine.ScanConfig;
import io.tlsweep.core.engine.ScanEngine;
import io.tlsweep.core.engine.ScanRun;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.target.Target;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Scans one target through the real {@link ScanEngine} with a forced dialect, as the CLI's
 * {@code --starttls <dialect>} does, with a PKI whose root the analyzer trusts.
 */
public final class StartTlsScans {

    /** Short enough to keep the suite fast, long enough for a TLS handshake on a loaded 2-core box. */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(1500);

    private static final TestPki PKI = TestPki.create("protocols");
    public static final String SERVER_NAME = "db.lab.test";
    private static final HeldCertificate LEAF = PKI.leaf().dnsNames(SERVER_NAME, "xmpp.lab.test").build();

    private StartTlsScans() {
    }

    /** A TLS server context with a certificate that chains to the trusted root. */
    public static SslContext serverTls() {
        return serverTls(new String[0]);
    }

    /** As {@link #serverTls()}, limited to these protocol versions ("TLSv1.2"); none means the defaults. */
    public static SslContext serverTls(String... protocols) {
        try {
            SslContextBuilder b = SslContextBuilder.forServer(LEAF.keyPair().getPrivate(), LEAF.chain());
            if (protocols.length > 0) {
                b.protocols(protocols);
            }
            return b.build();
        } catch (SSLException e) {
            throw new AssertionError(e);
        }
    }

    /** Exactly one record comes back for one target; this returns it. */
    public static ScanRecord scanOne(StartTlsDialect dialect, Target target) throws Exception {
        ScanConfig config = ScanConfig.builder()
                .connectTimeout(Duration.ofMillis(1000))
                .handshakeTimeout(HANDSHAKE_TIMEOUT)
                .totalTimeout(Duration.ofSeconds(20))
                .build();
        CertificateAnalyzer analyzer = new CertificateAnalyzer(TrustAnchors.of(List.of(PKI.root().certificate())));
        Queue<ScanRecord> records = new ConcurrentLinkedQueue<>();
        try (ScanEngine engine = new ScanEngine(config, analyzer, t -> new ProbeKind("svc", dialect))) {
            ScanRun run = engine.start(List.of(target).iterator(), records::add);
            run.completion().get(60, TimeUnit.SECONDS);
        }
        assertEquals(1, records.size(), "one record per target: " + records);
        return records.peek();
    }
}
