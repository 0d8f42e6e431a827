package io.tlsweep.core.engine;

import io.netty.util.NetUtil;
import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.analysis.DerChain;
import io.tlsweep.core.analysis.TlsParameterFindings;
import io.tlsweep.core.enumerate.EnumerationOutcome;
import io.tlsweep.core.fingerprint.ServerHelloFingerprints;
import io.tlsweep.core.result.Fingerprints;
import io.tlsweep.core.result.AcmeInfo;
import io.tlsweep.core.result.ChainReport;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.FindingCode;
import io.tlsweep.core.result.Grade;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.result.Timings;
import io.tlsweep.core.result.TlsInfo;
import io.tlsweep.core.sink.NdjsonWriter;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import java.time.Clock;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an {@link AttemptOutcome} into the {@link ScanRecord} users see: certificate analysis,
 * TLS-parameter findings, timings. Runs on worker threads, never on an event loop: parsing and
 * PKIX validation cost more than the handshake's own client CPU.
 */
final class RecordAssembler {

    private final CertificateAnalyzer analyzer;
    private final ProbePlanner planner;
    private final Clock clock;
    /** The grading seam ({@link ScanConfig#grader()}), or null: then {@code grade} stays null. */
    private final RecordGrader grader;

    RecordAssembler(CertificateAnalyzer analyzer, ProbePlanner planner, Clock clock) {
        this(analyzer, planner, clock, null);
    }

    RecordAssembler(CertificateAnalyzer analyzer, ProbePlanner planner, Clock clock, RecordGrader grader) {
        this.analyzer = analyzer;
        this.planner = planner;
        this.clock = clock;
        this.grader = grader;
    }

    /**
     * The records of a probe group, one per member in member order, each assembled as
     * {@link #assemble} does, plus the facts only the group knows ({@link GroupFacts}).
     */
    List<ScanRecord> assembleGroup(List<AttemptOutcome> outcomes) {
        List<ScanRecord> records = new ArrayList<>(outcomes.size());
        for (AttemptOutcome o : outcomes) {
            records.add(assemble(o));
        }
        try {
            return GroupFacts.apply(records);
        } catch (RuntimeException e) {
            return records; // the group's facts are a bonus; they must never cost the records
        }
    }

    ScanRecord assemble(AttemptOutcome o) {
        Instant now = clock.instant();
        Target t = o.target();
        List<Finding> findings = new ArrayList<>();
        ChainReport certs = null;
        String error = o.error();
        EnumerationOutcome enumeration = o.extras().enumeration();
        List<X509Certificate> chain = o.chain();
        if ((chain == null || chain.isEmpty()) && enumeration != null && !enumeration.chain().isEmpty()) {
            // --enum: the handshake failed (a server that takes only what our TLS library refuses),
            // but an enumeration hello read the chain in the clear; judge that one.
            chain = DerChain.decode(enumeration.chain());
        }
        if (chain != null && !chain.isEmpty()) {
            String name = t.sni() != null ? t.sni() : t.host();
            try {
                certs = analyzer.analyze(chain, name, t.ip(), now);
                findings.addAll(certs.findings());
            } catch (RuntimeException e) {
                // A certificate that defeats the parser must not cost the record.
                error = (error == null ? "" : error + "; ") + "certificate analysis failed: " + e;
            }
        }
        TlsInfo tls = null;
        if (o.prelude() != null && o.prelude().injection()) {
            findings.add(Finding.of(FindingCode.STARTTLS_INJECTION, "the server sent data after its go-ahead and "
                    + "before the TLS handshake; it was discarded (a STARTTLS injection flaw, or a meddling middlebox)"));
        }
        AcmeInfo acme = o.extras().acme();
        if (acme != null && acme.http01() != null && AcmeHttp01Probe.BLOCKED.equals(acme.http01().result())) {
            findings.add(Finding.of(FindingCode.ACME_HTTP01_BLOCKED, "port " + t.port() + " did not answer ("
                    + acme.http01().detail() + "): an ACME HTTP-01 validation cannot reach this address"));
        }
        if (o.version() != null) {
            // Also on failures after a finished handshake (a TLS 1.3 client-certificate alert).
            tls = new TlsInfo(o.version(), o.cipher(), o.alpn(), o.clientCertRequested());
            findings.addAll(TlsParameterFindings.of(o.version(), o.cipher()));
        }
        if (enumeration != null) {
            findings.addAll(enumeration.findings());
        }
        String firstBytes = o.status() == Status.NOT_TLS
                ? NdjsonWriter.escapeBytes(o.firstBytes(), o.firstBytes().length) : null;
        Timings timings = new Timings(millis(o.connectNanos()), millis(o.handshakeNanos()), millis(o.totalNanos()));
        ScanRecord record = new ScanRecord(now, NetUtil.toAddressString(t.ip()), t.port(), t.transport().wire(),
                t.host(), t.sni(), o.status(), error, o.phase(), o.attempt(), timings, tls, firstBytes, certs,
                List.copyOf(findings), o.kind().service(), observedMode(o), o.prelude(), diagnosis(o),
                o.extras().quic(), o.extras().http(), o.extras().acme(), null,
                Fingerprints.withJarm(ServerHelloFingerprints.of(o.extras().serverHello()), o.extras().jarm()),
                enumeration == null ? null : enumeration.info(),
                null);
        return graded(record);
    }

    /**
     * THE GRADING SEAM: a record with an enumeration gets its grade from {@link ScanConfig#grader()}
     * (the rubric of docs/grading.md); without a grader, or when it fails, {@code grade} stays null.
     */
    private ScanRecord graded(ScanRecord record) {
        if (grader == null || record.enumeration() == null) {
            return record;
        }
        try {
            Grade grade = grader.grade(record);
            return grade == null ? record : record.withGrade(grade);
        } catch (RuntimeException e) {
            return record; // a grade is a verdict on the record; it must never cost the record
        }
    }

    /**
     * The mode the port was seen to speak, not merely the one tried: a finished handshake or a TLS
     * alert shows TLS in the mode of the attempt; a plaintext answer without TLS (a banner where a
     * ClientHello went, a protocol that offers no upgrade) shows "none"; anything else (refused,
     * silence, a refused upgrade) shows nothing, hence null. An HTTP-01 request that got an HTTP answer
     * shows "none"; one that did not shows nothing. Over UDP the mode is "quic": TLS 1.3 inside QUIC,
     * the only way there is.
     */
    static String observedMode(AttemptOutcome o) {
        if (o.kind().acmeHttp01()) {
            return o.status() == Status.SUCCESS ? "none" : null; // an HTTP answer in plaintext, or nothing known
        }
        if (o.version() != null || o.status() == Status.ALERT) {
            return o.target().transport() == Transport.UDP ? "quic" : o.kind().tlsMode();
        }
        if (o.status() == Status.NOT_TLS || o.status() == Status.STARTTLS_UNSUPPORTED) {
            return "none";
        }
        return null;
    }

    private String diagnosis(AttemptOutcome o) {
        try {
            return planner.diagnose(o.target(), o.earlier(), o.observation());
        } catch (RuntimeException e) {
            return null; // a diagnosis is a bonus; it must never cost the record
        }
    }

    private static Double millis(long nanos) {
        return nanos < 0 ? null : nanos / 1e6;
    }
}
