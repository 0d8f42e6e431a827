package io.tlsweep.bench.core.sink;

import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.result.ChainReport;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.result.Timings;
import io.tlsweep.core.result.TlsInfo;
import io.tlsweep.core.sink.NdjsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * The sink's writer-thread cost per record: {@link NdjsonWriter#writeLine} of
 *
 * <ul>
 *   <li>{@link #success}: a full success line (timings, TLS parameters, leaf + intermediate from a
 *       real {@link CertificateAnalyzer} run on a {@link TestPki} chain, verdict);</li>
 *   <li>{@link #refused}: the line most of a sweep of closed ports produces.</li>
 * </ul>
 *
 * Score: lines/s. The secondary result {@code outputBytes} is NDJSON bytes/s, so bytes per line =
 * outputBytes / score; run with {@code -prof gc} for the bytes allocated per line
 * ({@code gc.alloc.rate.norm}). One writer per thread, as in the sink (it reuses a scratch buffer).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class NdjsonWriterBench {

    private static final Instant SCANNED = Instant.parse("2026-11-25T20:30:00.123Z");

    private final NdjsonWriter writer = new NdjsonWriter();
    private ScanRecord successRecord;
    private ScanRecord refusedRecord;

    /** Counts what the writer hands to its destination and drops it: the bench measures rendering, not I/O. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Output extends OutputStream {
        /** Public so JMH reports it (as bytes/s). */
        public long outputBytes;

        @Override
        public void write(int b) {
            outputBytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            outputBytes += len;
        }

        @Setup(Level.Iteration)
        public void reset() {
            outputBytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String name = "www.bench.tlsweep.test";
        TestPki pki = TestPki.create("bench");
        HeldCertificate leaf = pki.leaf().commonName(name).dnsNames(name, "bench.tlsweep.test")
                .ipAddresses("127.0.0.1").build();
        ChainReport certs = new CertificateAnalyzer(TrustAnchors.of(List.of(pki.root().certificate())))
                .analyze(leaf.chain(), name, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), SCANNED);
        successRecord = new ScanRecord(SCANNED, "127.0.0.1", 443, "tcp", name, name, Status.SUCCESS, null, null, 1,
                new Timings(0.2345, 3.1, 3.4567), new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256", "h2", false),
                null, certs, certs.findings());
        refusedRecord = new ScanRecord(SCANNED, "127.0.3.7", 1, "tcp", null, null, Status.REFUSED,
                "connection refused", Phase.CONNECT, 1, new Timings(null, null, 0.151), null, null, null, List.of());
    }

    @Benchmark
    public void success(Output out) throws IOException {
        writer.writeLine(successRecord, out);
    }

    @Benchmark
    public void refused(Output out) throws IOException {
        writer.writeLine(refusedRecord, out);
    }
}
