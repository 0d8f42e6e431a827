package io.tlsweep.bench.core.analysis;

import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.result.ChainReport;
import io.tlsweep.core.result.Finding;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
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
 *       (exception, incomplete_chain and untrusted findings) is what a misconfigured server costs;</li>
 *   <li>{@link #decodeOnly}: the DER decoding both include, to tell it apart from the analysis.</li>
 * </ul>
 *
 * <p><b>Why a pool of {@value #LEAVES} leaves, decoded every op.</b> The JDK caches on two levels:
 * its X.509 {@code CertificateFactory} hands back the same object for an encoding it has seen (750
 * entries), and that object remembers a successful {@code verify(key)}. Analysing one chain in a loop
 * would therefore check no signature after the first call and report a few microseconds. A real sweep
 * meets a new leaf per server and the same few intermediates again and again, so each op here decodes
 * the next of {@value #LEAVES} distinct leaves (more than the cache holds: always a miss) and the one
 * shared intermediate (a hit after the first op, as in production): the leaf's signature is verified
 * every time, the intermediate's once.
 *
 * <p>Setup checks a chain gets the verdict it stands for, so a broken fixture cannot pass as a fast one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class CertificateAnalyzerBench {

    /** Above the JDK's certificate cache size (750), so the leaf decode always misses. */
    static final int LEAVES = 1024;
    private static final String NAME = "www.bench.tlsweep.test";

    /** Uncached: every op analyses a chain never seen before, as a sweep of distinct servers does. */
    private CertificateAnalyzer analyzer;
    /** The scanner's own: a chain seen before (many vhosts, one certificate) costs only the name and date checks. */
    private CertificateAnalyzer cached;
    private CertificateFactory x509;
    private byte[][] leaves;
    private byte[] intermediate;
    private int next;
    private InetAddress ip;
    private Instant now;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        TestPki pki = TestPki.create("bench");
        analyzer = CertificateAnalyzer.uncached(TrustAnchors.of(List.of(pki.root().certificate())));
        cached = new CertificateAnalyzer(TrustAnchors.of(List.of(pki.root().certificate())));
        x509 = CertificateFactory.getInstance("X.509");
        leaves = new byte[LEAVES][];
        for (int i = 0; i < LEAVES; i++) {
            leaves[i] = pki.leaf().commonName(NAME).dnsNames(NAME, "bench.tlsweep.test").build()
                    .certificate().getEncoded();
        }
        intermediate = pki.intermediate().certificate().getEncoded();
        ip = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        now = Instant.now();

        expectFindings(goodChain(), List.of());
        expectFindings(repeatedChain(), List.of());
        expectFindings(missingIntermediate(), List.of("untrusted", "incomplete_chain"));
    }

    private static void expectFindings(ChainReport report, List<String> codes) {
        List<String> got = report.findings().stream().map(Finding::code).toList();
        if (!got.equals(codes)) {
            throw new IllegalStateException("fixture is not what the benchmark claims: expected " + codes + ", got "
                    + report.findings());
        }
    }

    private X509Certificate decode(byte[] der) throws CertificateException {
        return (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(der));
    }

    private byte[] nextLeaf() {
        byte[] der = leaves[next];
        next = (next + 1) % LEAVES;
        return der;
    }

    @Benchmark
    public ChainReport goodChain() throws CertificateException {
        return analyzer.analyze(List.of(decode(nextLeaf()), decode(intermediate)), NAME, ip, now);
    }

    /** The same served chain every op, fresh objects as a new handshake would hand over, through the cache. */
    @Benchmark
    public ChainReport repeatedChain() throws CertificateException {
        return cached.analyze(List.of(decode(leaves[0]), decode(intermediate)), NAME, ip, now);
    }

    @Benchmark
    public ChainReport missingIntermediate() throws CertificateException {
        return analyzer.analyze(List.of(decode(nextLeaf())), NAME, ip, now);
    }

    @Benchmark
    public List<X509Certificate> decodeOnly() throws CertificateException {
        return List.of(decode(nextLeaf()), decode(intermediate));
    }
}
