package io.tlsweep.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.tls.TlsProvider;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Scans with {@code --acme} through the real {@link ScanEngine}, the ACME ports pointed at the
 * test's ephemeral ones, and a planner that does what {@code ModeStrategy} does under {@code --acme}:
 * the HTTP-01 kind on the HTTP port. Checks one record per target on the way, as {@link EngineScans}.
 */
final class AcmeScans {

    static final TestPki PKI;
    /** The https servers' certificate: its name is never checked on a redirect hop, as a CA does not. */
    static final HeldCertificate CERT;

    static {
        TlsProvider.preferred(); // JdkTlsPolicy before any JSSE use (see HostileTlsServersTest)
        PKI = TestPki.create("acme");
        CERT = PKI.leaf().dnsNames("acme.lab.test").build();
    }

    private AcmeScans() {
    }

    /** A server context (JSSE: available everywhere) with the lab certificate, optionally configured further. */
    static SslContextBuilder serverTls() {
        return SslContextBuilder.forServer(CERT.keyPair().getPrivate(), CERT.chain().toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.JDK);
    }

    static SslContext plainServerTls() throws Exception {
        return serverTls().build();
    }

    /** The settings of a scan with --acme, the CA's ports being {@code httpPort} and {@code httpsPort}. */
    static ScanConfig.Builder acmeConfig(int httpPort, int httpsPort) {
        return EngineScans.shortTimeouts().acme(true).acmePorts(httpPort, httpsPort).userAgent("tlsweep/test");
    }

    /** What ModeStrategy plans under --acme, for the core tests (protocols is not a dependency). */
    static ProbePlanner planner(ScanConfig config) {
        return t -> t.port() == config.acmeHttpPort() ? ProbeKind.acmeHttp01("http") : ProbeKind.IMPLICIT_TLS;
    }

    static ScanRecord scanOne(ScanConfig config, Target target) throws Exception {
        return scan(config, List.of(target)).get(EngineScans.key(target));
    }

    /** Records keyed by {@link EngineScans#key(Target)}; fails on a duplicate or a missing record. */
    static Map<String, ScanRecord> scan(ScanConfig config, List<Target> targets) throws Exception {
        CertificateAnalyzer analyzer = new CertificateAnalyzer(TrustAnchors.of(List.of(PKI.root().certificate())));
        Queue<ScanRecord> delivered = new ConcurrentLinkedQueue<>();
        try (ScanEngine engine = new ScanEngine(config, analyzer, planner(config))) {
            engine.start(targets.iterator(), delivered::add).completion().get(120, TimeUnit.SECONDS);
        }
        Map<String, ScanRecord> records = new HashMap<>();
        for (ScanRecord r : delivered) {
            assertNull(records.put(r.ip() + "|" + r.port() + "|" + r.sni(), r), "second record for " + r);
        }
        assertEquals(targets.size(), records.size(), "one record per target");
        return records;
    }
}
