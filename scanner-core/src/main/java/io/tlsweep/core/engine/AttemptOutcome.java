package io.tlsweep.core.engine;

import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The raw result of one connection attempt, before certificate analysis. Built on the event loop,
 * so it holds only what the network produced; the expensive parsing happens in
 * {@link RecordAssembler} on a worker thread.
 *
 * @param status         SUCCESS or the failure status
 * @param phase          where a failure happened, null on success
 * @param error          failure detail, null on success
 * @param connectNanos   SYN to established, or -1 when not connected
 * @param handshakeNanos established to handshake done, or -1 when it did not finish
 * @param totalNanos     start of the attempt to its end
 * @param version        negotiated protocol version, null unless the handshake finished
 * @param chain          the chain as served, or null when no Certificate message was seen
 * @param kind           how the target was probed (service, dialect)
 * @param prelude        what the plaintext upgrade showed, or null for implicit TLS
 * @param earlier        what a first attempt in another mode showed (mode detection), or null
 * @param extras         QUIC, HTTP and ACME facts; {@link ProbeExtras#NONE} when there are none
 */
record AttemptOutcome(
        Target target,
        int attempt,
        Status status,
        Phase phase,
        String error,
        long connectNanos,
        long handshakeNanos,
        long totalNanos,
        String version,
        String cipher,
        String alpn,
        boolean clientCertRequested,
        List<X509Certificate> chain,
        byte[] firstBytes,
        ProbeKind kind,
        PreludeInfo prelude,
        ModeObservation earlier,
        ProbeExtras extras) {

    AttemptOutcome {
        extras = extras == null ? ProbeExtras.NONE : extras;
    }

    /**
     * The attempt found no free local resource (descriptor, local port) to connect with: the
     * dispatcher backs off and puts the probe back instead of reporting it.
     */
    boolean localPressure() {
        return status == Status.LOCAL_ERROR && phase == Phase.CONNECT && error != null
                && error.startsWith(FailureClassifier.LOCAL_PRESSURE);
    }

    /** An attempt without extras (the fields before issue 4). */
    AttemptOutcome(Target target, int attempt, Status status, Phase phase, String error, long connectNanos,
                   long handshakeNanos, long totalNanos, String version, String cipher, String alpn,
                   boolean clientCertRequested, List<X509Certificate> chain, byte[] firstBytes, ProbeKind kind,
                   PreludeInfo prelude, ModeObservation earlier) {
        this(target, attempt, status, phase, error, connectNanos, handshakeNanos, totalNanos, version, cipher, alpn,
                clientCertRequested, chain, firstBytes, kind, prelude, earlier, ProbeExtras.NONE);
    }

    /** An implicit-TLS attempt (no prelude). */
    AttemptOutcome(Target target, int attempt, Status status, Phase phase, String error, long connectNanos,
                   long handshakeNanos, long totalNanos, String version, String cipher, String alpn,
                   boolean clientCertRequested, List<X509Certificate> chain, byte[] firstBytes) {
        this(target, attempt, status, phase, error, connectNanos, handshakeNanos, totalNanos, version, cipher, alpn,
                clientCertRequested, chain, firstBytes, ProbeKind.IMPLICIT_TLS, null, null);
    }

    /** The same outcome, noting what an earlier attempt (another mode) showed. */
    AttemptOutcome withEarlier(ModeObservation first) {
        return new AttemptOutcome(target, attempt, status, phase, error, connectNanos, handshakeNanos, totalNanos,
                version, cipher, alpn, clientCertRequested, chain, firstBytes, kind, prelude, first, extras);
    }

    /** The same outcome, reported as attempt number {@code n} (the attempts made in all). */
    AttemptOutcome withAttempt(int n) {
        return new AttemptOutcome(target, n, status, phase, error, connectNanos, handshakeNanos, totalNanos,
                version, cipher, alpn, clientCertRequested, chain, firstBytes, kind, prelude, earlier, extras);
    }

    /** The same outcome, its attempt having lasted {@code total} ns (a check made after the handshake). */
    AttemptOutcome withTotalNanos(long total) {
        return new AttemptOutcome(target, attempt, status, phase, error, connectNanos, handshakeNanos, total,
                version, cipher, alpn, clientCertRequested, chain, firstBytes, kind, prelude, earlier, extras);
    }

    /** The same outcome with other extras (the web layer, a QUIC probe, an ACME check). */
    AttemptOutcome withExtras(ProbeExtras e) {
        return new AttemptOutcome(target, attempt, status, phase, error, connectNanos, handshakeNanos, totalNanos,
                version, cipher, alpn, clientCertRequested, chain, firstBytes, kind, prelude, earlier, e);
    }

    /**
     * Whether this attempt showed how the port does TLS: a handshake (finished or alerted), or a
     * protocol that answered the upgrade question (no upgrade, refused, not now).
     */
    boolean learntTheMode() {
        return version != null || status == Status.SUCCESS || status == Status.ALERT
                || status == Status.STARTTLS_UNSUPPORTED || status == Status.STARTTLS_REJECTED
                || status == Status.SERVICE_UNAVAILABLE;
    }

    /** This attempt as an input to mode detection. */
    ModeObservation observation() {
        String first = status == Status.NOT_TLS && firstBytes.length > 0
                ? io.tlsweep.core.sink.NdjsonWriter.escapeBytes(firstBytes, firstBytes.length) : null;
        return new ModeObservation(kind.tlsMode(), kind.dialect() == null ? null : kind.dialect().name(), status,
                first, prelude, version);
    }

    boolean isTimeout() {
        return status == Status.TIMEOUT;
    }
}
