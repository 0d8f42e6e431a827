package io.tlsweep.core.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.ssl.SslContext;
import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import io.tlsweep.core.tls.TlsClientContextFactory;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * The scanning engine: Netty event loops (one per core) make the connections and handshakes, a
 * worker pool (one per core) analyses certificates, and one dispatcher on an event loop enforces
 * the in-flight cap, the connection rate and the per-host cap. No thread per target.
 *
 * <pre>{@code
 * try (ScanEngine engine = new ScanEngine(config, new CertificateAnalyzer(TrustAnchors.jdkDefaults()))) {
 *     ScanRun run = engine.start(plan.iterator(), sink::accept);
 *     run.completion().join();
 * }
 * }</pre>
 */
public final class ScanEngine implements AutoCloseable {

    private final ScanConfig config;
    private final Transports transports;
    private final MultiThreadIoEventLoopGroup group;
    private final ExecutorService workers;
    private final SslContext sslContext;
    private final Bootstrap template;
    private final RecordAssembler assembler;
    private final ProbePlanner planner;
    /** {@code --acme}'s contexts and resolver pool; null without it. */
    private final AcmeSupport acme;
    /** Made on the first UDP target (most scans have none); only the dispatcher's loop touches the field. */
    private SharedUdpChannels udp;
    private volatile boolean closed;

    public ScanEngine(ScanConfig config, CertificateAnalyzer analyzer) throws SSLException {
        this(config, analyzer, ProbePlanner.IMPLICIT_TLS, Clock.systemUTC());
    }

    public ScanEngine(ScanConfig config, CertificateAnalyzer analyzer, ProbePlanner planner) throws SSLException {
        this(config, analyzer, planner, Clock.systemUTC());
    }

    public ScanEngine(ScanConfig config, CertificateAnalyzer analyzer, ProbePlanner planner, Clock clock)
            throws SSLException {
        this.config = config;
        this.planner = planner;
        this.sslContext = TlsClientContextFactory.create(config.provider(), config.alpn());
        this.acme = AcmeSupport.forConfig(config);
        this.transports = Transports.select(config.preferNativeTransport());
        this.group = transports.newGroup(config.ioThreads());
        this.workers = newWorkers(config.ioThreads());
        this.assembler = new RecordAssembler(analyzer, planner, clock, config.grader());
        // Load the failure path's classes now: with classes read from a directory (tests, an IDE),
        // the first failure to classify may be an EMFILE, when no descriptor is left to read them.
        FailureClassifier.Classified warm = FailureClassifier.classify(
                new java.io.IOException("Too many open files"), false, new byte[0]);
        new AttemptOutcome(null, 1, warm.status(), warm.phase(), warm.error(), -1, -1, 0, null, null, null, false,
                null, new byte[0], null, null, null).localPressure();
        this.template = connectBootstrap(group, transports.socketChannel(), config);
    }

    /**
     * The connect template every TCP connection of a scan is cloned from (probes, ACME checks,
     * enumeration hellos): the scan's connect timeout; SO_LINGER 0, so a close is an RST and leaves
     * no TIME_WAIT behind; TCP_NODELAY, so a hello goes out at once.
     */
    static Bootstrap connectBootstrap(io.netty.channel.EventLoopGroup group,
                                      Class<? extends io.netty.channel.Channel> socketChannel, ScanConfig config) {
        return new Bootstrap()
                .group(group)
                .channel(socketChannel)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        config.connectTimeout().toMillis()))
                .option(ChannelOption.SO_LINGER, 0)
                .option(ChannelOption.TCP_NODELAY, true);
    }

    /** What a STARTTLS dialect needs to know of the scan and the target; null for implicit TLS. */
    static PreludeOptions preludeOptions(ScanConfig config, Target target, ProbeKind kind) {
        return kind.dialect() == null ? null
                : new PreludeOptions(config.clientName(), target.sni() != null ? target.sni() : target.host(),
                        target.port());
    }

    /** "epoll" or "nio". */
    public String transportName() {
        return transports.name();
    }

    public ScanConfig config() {
        return config;
    }

    /**
     * Starts probing every target from {@code targets} (pulled lazily on the dispatcher's loop, so
     * the iterator must be cheap and need not be thread-safe). {@code records} receives exactly one
     * record per target, from worker threads; it may block to apply back pressure.
     */
    public ScanRun start(Iterator<Target> targets, Consumer<ScanRecord> records) {
        return start(targets, ScanRun.eachRecord(records));
    }

    /**
     * Like {@link #start(Iterator, Consumer)}, but records arrive one unit at a time (a probe alone or
     * a whole probe group, numbered by plan position when {@code targets} is a
     * {@link io.tlsweep.core.target.PlanCursor}): what a checkpointing writer needs.
     */
    public ScanRun start(Iterator<Target> targets, UnitSink records) {
        EventLoop control = group.next();
        // The run is the governor of the connections its probes make (enumeration hellos); it exists
        // only once constructed, and launches start only after that (on the control loop, below).
        ConnectionPermits[] governor = new ConnectionPermits[1];
        Launcher launcher = (target, attempt, kind, onDone) -> launch(target, attempt, kind, governor[0], onDone);
        ScanRun run = new ScanRun(config, control, targets, planner, launcher, new Analyst() {
            @Override
            public void analyse(AttemptOutcome outcome, Consumer<ScanRecord> sink, Runnable after) {
                ScanEngine.this.analyse(outcome, sink, after);
            }

            @Override
            public void analyseGroup(List<AttemptOutcome> outcomes, Consumer<ScanRecord> sink, Runnable after) {
                ScanEngine.this.analyseGroup(outcomes, sink, after);
            }
        }, records);
        governor[0] = run;
        control.execute(run::pump);
        return run;
    }

    private void launch(Target target, int attempt, ProbeKind kind, ConnectionPermits permits,
                        Consumer<AttemptOutcome> onDone) {
        if (target.transport() == Transport.UDP) {
            launchQuic(target, attempt, kind, onDone);
            return;
        }
        EventLoop loop = group.next();
        if (kind.acmeHttp01()) {
            if (acme != null) {
                new AcmeHttp01Probe(target, attempt, kind, config, acme, onDone).start(template, loop);
                return;
            }
            kind = new ProbeKind(kind.service(), null); // a planner asked for HTTP-01 without --acme: plain TLS
        }
        if (acme != null && acme.checksTlsAlpn(target, kind)) {
            // TLS-ALPN-01: a second handshake after the probe, folded into its outcome (one record).
            Consumer<AttemptOutcome> report = onDone;
            onDone = outcome -> new AcmeTlsAlpnCheck(outcome, acme.tlsAlpnContext(), config, report)
                    .start(template, loop);
        }
        if (config.jarm()) {
            // --jarm: after the enumeration (when --enum is on too), before the ACME check and the record.
            Consumer<AttemptOutcome> report = onDone;
            onDone = outcome -> {
                if (JarmStep.applies(outcome)) {
                    JarmStep.run(outcome, template, loop, config.totalTimeout(), permits, report);
                } else {
                    report.accept(outcome);
                }
            };
        }
        if (config.enumerator() != null) {
            // --enum: after the probe (and its --http request), before the ACME check and the record.
            Consumer<AttemptOutcome> report = onDone;
            ProbeKind how = kind;
            onDone = outcome -> {
                if (EnumerationStep.applies(outcome)) {
                    EnumerationStep.run(outcome, config.enumerator(),
                            new RawHelloExchange(target, how, config, template, loop, permits), report);
                } else {
                    report.accept(outcome);
                }
            };
        }
        new TcpProbe(target, attempt, kind, preludeOptions(config, target, kind), sslContext, config, onDone)
                .start(template, loop);
    }

    /** A QUIC handshake over one of the shared UDP channels, made on first use. */
    private void launchQuic(Target target, int attempt, ProbeKind kind, Consumer<AttemptOutcome> onDone) {
        if (!Quic.isAvailable()) {
            onDone.accept(QuicProbe.unavailable(target, attempt, kind));
            return;
        }
        SharedUdpChannels channels;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("engine closed");
            }
            if (udp == null) {
                udp = new SharedUdpChannels(group, transports, config);
            }
            channels = udp;
        }
        new QuicProbe(target, attempt, kind, config, channels.forAddress(target.ip()), onDone).start();
    }

    /** The shared UDP channels, or null before the first UDP target (for tests). */
    synchronized SharedUdpChannels udpChannels() {
        return udp;
    }

    void analyse(AttemptOutcome outcome, Consumer<ScanRecord> records, Runnable after) {
        workers.execute(() -> {
            try {
                records.accept(assembler.assemble(outcome));
            } finally {
                after.run();
            }
        });
    }

    /** A probe group's records, in member order, with the group's facts; one worker task for the group. */
    void analyseGroup(List<AttemptOutcome> outcomes, Consumer<ScanRecord> records, Runnable after) {
        workers.execute(() -> {
            try {
                for (ScanRecord r : assembler.assembleGroup(outcomes)) {
                    records.accept(r);
                }
            } finally {
                after.run();
            }
        });
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (udp != null) {
                udp.close();
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (acme != null) {
            acme.close();
        }
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ExecutorService newWorkers(int threads) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "tlsweep-analysis-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** How the dispatcher starts an attempt; separated so tests can drive the dispatcher alone. */
    @FunctionalInterface
    interface Launcher {
        void launch(Target target, int attempt, ProbeKind kind, Consumer<AttemptOutcome> onDone);
    }

    /** Where finished attempts go to become records; the engine's is its worker pool. */
    @FunctionalInterface
    interface Analyst {
        /** One record for one probe alone; {@code after} runs once it is delivered. */
        void analyse(AttemptOutcome outcome, Consumer<ScanRecord> records, Runnable after);

        /**
         * One record per member of a probe group, in member order, with the facts only the group
         * knows; {@code after} runs once, when all are delivered. This default assembles the members
         * one by one without group facts (enough for tests of the dispatcher).
         */
        default void analyseGroup(List<AttemptOutcome> outcomes, Consumer<ScanRecord> records, Runnable after) {
            Runnable chain = after;
            for (int i = outcomes.size() - 1; i >= 0; i--) {
                AttemptOutcome o = outcomes.get(i);
                Runnable next = chain;
                chain = () -> analyse(o, records, next);
            }
            chain.run();
        }
    }
}
