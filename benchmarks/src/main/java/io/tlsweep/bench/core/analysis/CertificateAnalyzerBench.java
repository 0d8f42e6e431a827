package io.tlsweep.bench.core.analysis;

import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.result.ChainReport;
import io.tlsweep.core.result.Finding;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-handshake analysis cost on a worker thread: {@link CertificateAnalyzer#analyze} of an EC P-256
 * chain from a {@link TestPki}, trusted through the PKI's root.
 *
 * <ul>
 *   <li>{@link #goodChain}: leaf + intermediate served, name matches, trusted: the common case;</li>
 *   <li>{@link #missingIntermediate}: leaf only: the PKIX build fails, and the failure path
 *       (exception, incomplete_chain and untrusted findings) is what a misconfigured server costs.</li>
 * </ul>
 *
 * Setup checks each chain gets the verdict it stands for, so a broken fixture cannot pass as a fast one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class CertificateAnalyzerBench {

    private static final String NAME = "www.bench.tlsweep.test";

    private CertificateAnalyzer analyzer;
    private List<X509Certificate> fullChain;
    private List<X509Certificate> leafOnly;
    private InetAddress ip;
    private Instant now;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        TestPki pki = TestPki.create("bench");
        HeldCertificate leaf = pki.leaf().commonName(NAME).dnsNames(NAME, "bench.tlsweep.test").build();
        analyzer = new CertificateAnalyzer(TrustAnchors.of(List.of(pki.root().certificate())));
        fullChain = leaf.chain();
        leafOnly = List.of(leaf.certificate());
        ip = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        now = Instant.now();

        expectFindings(goodChain(), List.of());
        expectFindings(missingIntermediate(), List.of("untrusted", "incomplete_chain"));
    }

    private static void expectFindings(ChainReport report, List<String> codes) {
        List<String> got = report.findings().stream().map(Finding::code).toList();
        if (!got.equals(codes)) {
            throw new IllegalStateException("fixture is not what the benchmark claims: expected " + codes + ", got "
                    + report.findings());
        }
    }

    @Benchmark
    public ChainReport goodChain() {
        return analyzer.analyze(fullChain, NAME, ip, now);
    }

    @Benchmark
    public ChainReport missingIntermediate() {
        return analyzer.analyze(leafOnly, NAME, ip, now);
    }
}
