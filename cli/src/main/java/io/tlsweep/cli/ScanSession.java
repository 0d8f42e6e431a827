package io.tlsweep.cli;

import io.netty.util.NetUtil;
import io.tlsweep.core.BadInputException;
import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.engine.ScanConfig;
import io.tlsweep.core.engine.ProbePlanner;
import io.tlsweep.core.engine.ScanEngine;
import io.tlsweep.core.engine.ScanRun;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.result.Timings;
import io.tlsweep.core.resume.Checkpoint;
import io.tlsweep.core.resume.WrittenLedger;
import io.tlsweep.core.resume.WrittenRanges;
import io.tlsweep.core.sink.ResultSink;
import io.tlsweep.core.stats.ProcessCpuMeter;
import io.tlsweep.core.stats.ScanStats;
import io.tlsweep.core.target.DnsFailure;
import io.tlsweep.core.target.PlanCursor;
import io.tlsweep.core.target.PortKeys;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.TargetPlan;
import io.tlsweep.core.target.TargetSpec;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs one scan from resolved targets to the last flushed line: the part of the CLI shared by
 * {@code scan} and {@code demo}. Owns the output stream, the stats, the progress line and the
 * interrupt handling (SIGINT stops new probes, lets the in-flight ones write their records, then
 * prints the summary), and with {@code --resume} the checkpoint ({@link #scan(TargetSpec, Resume)}).
 */
final class ScanSession {

    private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(10);

    private final ScanConfig config;
    private final TrustAnchors anchors;
    private final Path output;
    private final boolean quiet;
    private final PrintStream err;
    private final ProbePlanner planner;

    ScanSession(ScanConfig config, TrustAnchors anchors, ProbePlanner planner, Path output, boolean quiet) {
        this(config, anchors, planner, output, quiet, System.err);
    }

    ScanSession(ScanConfig config, TrustAnchors anchors, ProbePlanner planner, Path output, boolean quiet,
                PrintStream err) {
        this.config = config;
        this.planner = planner;
        this.anchors = anchors;
        this.output = output;
        this.quiet = quiet;
        this.err = err;
    }

    /**
     * Prints the probes in order ({@code ip port [sni]}, the port as {@code 443/udp} for UDP) without
     * connecting; the members of a probe group are consecutive lines.
     */
    int dryRun(TargetSpec spec) throws IOException {
        // The output is opened before resolving so a bad -o fails at once, not after the DNS lookups.
        try (OutputStream raw = openOutput()) {
            TargetPlan plan = resolve(spec);
            // A Writer, not a PrintStream: a PrintStream would swallow the IOException that says why.
            Writer out = new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8), 1 << 16);
            long printed = 0;
            try {
                for (DnsFailure f : plan.dnsFailures()) {
                    out.write("# dns_error " + f.host() + " port " + PortKeys.text(PortKeys.of(f.port(), f.transport()))
                            + ": " + f.error() + "\n");
                }
                for (Iterator<Target> it = plan.iterator(); it.hasNext(); printed++) {
                    Target t = it.next();
                    String port = PortKeys.text(PortKeys.of(t.port(), t.transport()));
                    out.write(NetUtil.toAddressString(t.ip()) + " " + port + (t.sni() == null ? "" : " " + t.sni())
                            + "\n");
                }
                out.flush();
            } catch (IOException e) {
                return outputFailed(e, "about " + printed + " of " + plan.size() + " probes printed");
            }
            if (!quiet) {
                err.println("tlsweep: dry run: " + plan.size() + " probes, seed " + plan.seed());
            }
        }
        return ExitCodes.OK;
    }

    int scan(TargetSpec spec) throws Exception {
        try (OutputStream out = openOutput()) {
            TargetPlan plan = resolve(spec);
            List<ScanRecord> failures = plan.dnsFailures().stream().map(ScanSession::dnsRecord).toList();
            return run(out, plan.iterator(), plan.size(), failures, "seed " + plan.seed(), r -> { }, null);
        }
    }

    /**
     * A scan that checkpoints into {@code resume}'s file and, when the file holds a checkpoint of the
     * same scan, continues it: the output is cut back to the bytes the checkpoint accounts for, and
     * only the plan units it does not record as written are probed. A unit whose probes an interrupt
     * cut short is not written at all (the next run probes it again), so the resumed output equals
     * an uninterrupted run's, record for record.
     */
    int scan(TargetSpec spec, Resume resume) throws Exception {
        Checkpoint previous = resume.previous().orElse(null);
        // A fresh scan's output is created before resolving, as without --resume; a resumed one is
        // touched only once the checkpoint is known to be this scan's.
        FileChannel channel = previous == null ? resume.createOutput() : null;
        try {
            TargetPlan plan = resolve(spec);
            String fingerprint = resume.fingerprint(plan);
            resume.checkSameScan(fingerprint);
            List<ScanRecord> failures = plan.dnsFailures().stream().map(ScanSession::dnsRecord).toList();
            WrittenLedger.Progress from;
            if (previous == null) {
                from = WrittenLedger.Progress.start(failures.isEmpty());
            } else if (previous.complete()) {
                if (!quiet) {
                    err.println("tlsweep: the scan of checkpoint '" + resume.file().path() + "' is complete ("
                            + previous.progress().records() + " records in " + resume.output() + "); nothing to do");
                    err.flush();
                }
                return ExitCodes.OK;
            } else {
                from = previous.progress();
                WrittenRanges above = from.written();
                if (from.next() > plan.groups()
                        || (!above.isEmpty() && above.last(above.rangeCount() - 1) >= plan.groups())) {
                    throw new BadInputException("bad checkpoint '" + resume.file().path() + "': it counts plan positions"
                            + " beyond the scan's " + plan.groups() + " (edited?)");
                }
                channel = resume.reopenOutput(from.outputBytes());
                if (!quiet) {
                    err.println("tlsweep: resuming from checkpoint '" + resume.file().path() + "': "
                            + from.records() + " records already in " + resume.output());
                }
            }
            WrittenLedger ledger = new WrittenLedger(plan.groups(), from);
            Checkpointer checkpointer = new Checkpointer(resume, fingerprint, plan.seed(), ledger, channel, err);
            try {
                checkpointer.write(); // now, so a kill before the first period still finds the seed
            } catch (IOException e) {
                throw new BadInputException("cannot write checkpoint '" + resume.file().path() + "': "
                        + IoMessages.reason(e));
            }
            PlanCursor rest = plan.cursor(from.next(), from.written()::contains);
            List<ScanRecord> ready = from.preambleWritten() ? List.of() : failures;
            long alreadyProbed = from.records() - (from.preambleWritten() ? failures.size() : 0);
            long remaining = Math.max(0, plan.size() - alreadyProbed);
            try (OutputStream out = Channels.newOutputStream(channel)) {
                return run(out, rest, remaining, ready, "seed " + plan.seed(), r -> { }, checkpointer);
            }
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
    }

    /**
     * Probes {@code targets} and writes one record per target (plus the given ready-made records),
     * also showing every record to {@code tap} (from worker threads).
     *
     * @param total   how many targets the iterator yields (for progress and ETA)
     * @param context a short note for the summary (seed, lab name)
     */
    int run(Iterator<Target> targets, long total, List<ScanRecord> ready, String context,
            Consumer<ScanRecord> tap) throws Exception {
        try (OutputStream out = openOutput()) {
            return run(out, targets, total, ready, context, tap, null);
        }
    }

    /**
     * @param checkpointer with {@code --resume}: the records' units go to its ledger, units cut
     *                     short by an interrupt are left out, and it writes the checkpoint; else null
     */
    private int run(OutputStream out, Iterator<Target> targets, long total, List<ScanRecord> ready, String context,
                    Consumer<ScanRecord> tap, Checkpointer checkpointer) throws Exception {
        ScanStats stats = new ScanStats();
        ProcessCpuMeter cpu = quiet ? null : ProcessCpuMeter.forScan(total);
        CertificateAnalyzer analyzer = new CertificateAnalyzer(anchors);
        Instant started = Instant.now();
        try (ScanEngine engine = new ScanEngine(config, analyzer, planner)) {
            ResultSink sink = new ResultSink(out, 8192, checkpointer == null ? null : checkpointer.ledger()::flushed);
            if (!ready.isEmpty()) {
                ready.forEach(stats::record);
                sink.acceptUnit(WrittenLedger.PREAMBLE, ready);
            }
            // Records arrive on worker threads, possibly before start() returns the run to cancel.
            AtomicReference<ScanRun> running = new AtomicReference<>();
            AtomicBoolean stopping = new AtomicBoolean();
            ScanRun run = engine.start(targets, (unit, records, whole) -> {
                if (!whole && checkpointer != null) {
                    return; // an interrupt cut this unit short: the resumed run probes it whole
                }
                for (ScanRecord r : records) {
                    stats.record(r);
                    if (cpu != null) {
                        cpu.probeDone();
                    }
                    tap.accept(r);
                }
                sink.acceptUnit(unit, records);
                // Nobody reads the output any more (`| head`, disk full): probing on would only
                // make traffic whose results are thrown away, for as long as the target list lasts.
                ScanRun current = running.get();
                if (current != null && sink.failure().isPresent() && stopping.compareAndSet(false, true)) {
                    current.cancel();
                }
            });
            running.set(run);
            if (checkpointer != null) {
                checkpointer.start();
            }
            Thread interruptHook = new Thread(() -> {
                run.cancel();
                run.completion().completeOnTimeout(null, config.totalTimeout().toMillis() + 2000, TimeUnit.MILLISECONDS)
                        .join();
                sink.close();
                String notSaved = checkpointer == null ? null : checkpointer.finish();
                if (notSaved != null) {
                    err.println("tlsweep: cannot write checkpoint '" + checkpointer.path() + "': " + notSaved);
                }
                if (!quiet) {
                    err.println();
                    err.println("tlsweep: interrupted; " + sink.written() + " records written"
                            + (checkpointer == null ? "" : "; run the same command again to resume"));
                    err.print(stats.summary(Duration.between(started, Instant.now())));
                    err.flush();
                }
            }, "tlsweep-interrupt");
            Runtime.getRuntime().addShutdownHook(interruptHook);
            Progress progress = !quiet && Progress.stderrIsTerminal()
                    ? Progress.start(err, () -> stats.progressLine(total + ready.size(), run.inFlight(),
                            Duration.between(started, Instant.now())))
                    : null;
            try {
                run.completion().join();
            } finally {
                if (progress != null) {
                    progress.stop();
                }
            }
            // Read now, while the writer thread still runs (it keeps up, so little is left to write):
            // a thread that has ended no longer shows in the per-thread split.
            String cpuLines = cpu == null || cpu.summaryLine() == null ? null
                    : cpu.summaryLine() + System.lineSeparator() + cpu.threadsLine()
                            + (cpu.splitLine() == null ? "" : System.lineSeparator() + cpu.splitLine());
            sink.close();
            // Before the output is closed (the checkpoint forces it to disk first); the hook may do it too.
            String notSaved = checkpointer == null ? null : checkpointer.finish();
            try {
                Runtime.getRuntime().removeShutdownHook(interruptHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running and will print the summary
                return ExitCodes.INTERRUPTED;
            }
            if (notSaved != null) {
                err.println("tlsweep: cannot write checkpoint '" + checkpointer.path() + "': " + notSaved);
            }
            if (!quiet) {
                err.println("tlsweep: " + engine.transportName() + ", " + config.provider().name().toLowerCase()
                        + ", " + context);
                err.print(stats.summary(Duration.between(started, Instant.now())));
                if (config.enumerator() != null) {
                    err.println(stats.enumerationLine());
                    err.println(stats.gradeLine());
                }
                if (run.localPressureEvents() > 0) {
                    err.println("local limits: " + run.localPressureEvents() + " connects found no free descriptor or"
                            + " local port (EMFILE/EADDRNOTAVAIL) and waited for one; raise 'ulimit -n' or lower -c"
                            + " (docs/reliability.md)");
                }
                if (cpuLines != null) {
                    err.println(cpuLines);
                }
                err.flush();
            }
            if (sink.failure().isPresent()) {
                return outputFailed(sink.failure().get(), sink.written() + " records written");
            }
            if (notSaved != null) {
                return ExitCodes.INTERNAL;
            }
        }
        return ExitCodes.OK;
    }

    /**
     * The exit of a run whose output broke. Standard output closed by its reader is the normal end of
     * {@code tlsweep ... | head}: a note unless -q, and 141 (128 + SIGPIPE, what a C tool killed by
     * the signal reports) so {@code set -o pipefail} treats tlsweep like {@code seq}. A failing
     * output file (disk full) lost results: always said, and exit 1.
     */
    private int outputFailed(IOException e, String progressNote) {
        if (output == null) {
            if (!quiet) {
                err.println("tlsweep: standard output closed (" + IoMessages.reason(e) + "); stopped, "
                        + progressNote);
                err.flush();
            }
            return ExitCodes.OUTPUT_CLOSED;
        }
        err.println("tlsweep: cannot write output file '" + output + "': " + IoMessages.reason(e) + "; stopped, "
                + progressNote);
        err.flush();
        return ExitCodes.INTERNAL;
    }

    private TargetPlan resolve(TargetSpec spec) {
        ExecutorService pool = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "tlsweep-resolver");
            t.setDaemon(true);
            return t;
        });
        try {
            return spec.resolve(pool, RESOLVE_TIMEOUT);
        } finally {
            pool.shutdownNow();
        }
    }

    private OutputStream openOutput() {
        if (output == null) {
            // Not System.out: its PrintStream swallows errors and autoflushes per println.
            return new FileOutputStream(FileDescriptor.out) {
                @Override
                public void close() throws IOException {
                    flush(); // keep stdout open for the summary of a caller that prints after us
                }
            };
        }
        try {
            return Files.newOutputStream(output);
        } catch (IOException e) {
            throw new BadInputException("cannot write output file '" + output + "': " + IoMessages.reason(e));
        }
    }

    static ScanRecord dnsRecord(DnsFailure f) {
        return new ScanRecord(Instant.now(), null, f.port(), f.transport().wire(), f.host(), f.host(), Status.DNS_ERROR, f.error(),
                Phase.DNS, 0, new Timings(null, null, null), null, null, null, List.of());
    }
}
