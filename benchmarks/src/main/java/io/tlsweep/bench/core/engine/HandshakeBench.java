package io.tlsweep.bench.core.engine;

import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.engine.ScanConfig;
import io.tlsweep.core.engine.ScanEngine;
import io.tlsweep.core.engine.ScanRun;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import io.tlsweep.core.tls.TlsProvider;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full handshakes per second of the real {@link ScanEngine} (dispatcher, Netty connect, TLS 1.3
 * handshake, chain capture, certificate analysis, record assembly) against an in-process Netty
 * TLS server on loopback, for each client {@link TlsProvider} at 1 and 64 probes in flight.
 *
 * <p>One invocation is one sweep of {@value #TARGETS} targets spread over {@value #ADDRESSES}
 * loopback addresses, and the score is per target (@OperationsPerInvocation), so it reads directly
 * as handshakes/s. Every sweep must yield {@value #TARGETS} successful records or the benchmark
 * fails: a refused or timed-out probe is far cheaper than a handshake and would flatter the figure.
 *
 * <p>Client and server share the machine's cores, so absolute figures understate a client-only
 * box; compare providers and concurrencies within one run (docs/performance.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class HandshakeBench {

    static final int TARGETS = 256;
    static final int ADDRESSES = 64;
    /** 127.0.0.128-191: clear of the demo lab (.2-.8) and of the interop lab's fixed ports. */
    private static final int FIRST_OCTET = 128;
    private static final String NAME = "bench.lab.tlsweep.test";

    @Param({"BORINGSSL", "JDK"})
    public TlsProvider provider;

    @Param({"1", "64"})
    public int concurrency;

    private LoopbackTlsServer server;
    private ScanEngine engine;
    private List<Target> sweep;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String unavailable = provider.unavailableReason();
        if (unavailable != null) {
            throw new IllegalStateException(unavailable);
        }
        TestPki pki = TestPki.create("handshake bench");
        HeldCertificate cert = pki.leaf().commonName(NAME).dnsNames(NAME).build();
        server = LoopbackTlsServer.start(cert, FIRST_OCTET, ADDRESSES, Runtime.getRuntime().availableProcessors());
        ScanConfig config = ScanConfig.builder().provider(provider).concurrency(concurrency).build();
        engine = new ScanEngine(config, new CertificateAnalyzer(TrustAnchors.of(List.of(pki.root().certificate()))));

        // round-robin over the addresses so at 64 in flight every address has about one probe
        List<InetSocketAddress> listeners = server.addresses();
        sweep = new ArrayList<>(TARGETS);
        for (int i = 0; i < TARGETS; i++) {
            InetSocketAddress at = listeners.get(i % listeners.size());
            sweep.add(new Target(at.getAddress(), at.getPort(), Transport.TCP, null, NAME));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (engine != null) {
            engine.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(TARGETS)
    public int sweep() throws Exception {
        AtomicInteger successes = new AtomicInteger();
        AtomicReference<ScanRecord> firstFailure = new AtomicReference<>();
        ScanRun run = engine.start(sweep.iterator(), r -> {
            if (r.status() == Status.SUCCESS && r.certs() != null && r.certs().verdict().trusted()) {
                successes.incrementAndGet();
            } else {
                firstFailure.compareAndSet(null, r);
            }
        });
        run.completion().get(60, TimeUnit.SECONDS);
        if (successes.get() != TARGETS) {
            throw new IllegalStateException(successes.get() + "/" + TARGETS + " handshakes succeeded; first failure: "
                    + firstFailure.get());
        }
        return successes.get();
    }
}
