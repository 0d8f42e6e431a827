package io.tlsweep.core.result;

import java.time.Instant;
import java.util.List;

/**
 * One NDJSON line: the outcome of one target x port (x SNI) probe. Failures are records too;
 * whatever was learnt before the failure (timings, a chain captured before an alert) is kept.
 *
 * @param timestamp  when the probe finished
 * @param ip         the address probed; null only for {@link Status#DNS_ERROR}
 * @param port       TCP/UDP port
 * @param transport  "tcp" (QUIC adds "udp")
 * @param host       the hostname the target was given as, or null for address targets
 * @param sni        the SNI sent, or null when none was sent
 * @param status     outcome
 * @param error      machine-friendly detail for failures ("alert:handshake_failure",
 *                   "connection refused", ...), null on success
 * @param phase      where a failure happened, null on success
 * @param attempts   connection attempts made (1 + retries used)
 * @param timings    per-phase durations
 * @param tls        negotiated parameters, null unless the handshake completed
 * @param firstBytes for not_tls: the first bytes the peer sent, escaped printable text
 * @param certs      certificate analysis, null unless a chain was received
 * @param findings   all findings (certificate and TLS parameters), empty when none
 * @param service    the service expected on the port (port catalogue), or null when unknown
 * @param tlsMode    the mode the port was seen to speak: "implicit", "starttls", or "none" (it answered in
 *                   plaintext without TLS); null when the probe learnt nothing about it
 * @param prelude    what the plaintext upgrade showed, null for implicit TLS
 * @param diagnosis  one sentence when what the port speaks differs from what it should, else null
 * @param quic       QUIC facts for a UDP probe, null for TCP
 * @param http       the web layer's request ({@code --http}), or null
 * @param acme       ACME readiness ({@code --acme}), or null
 * @param sniMatrix  which names get which certificate, on the no-SNI record of an SNI group, else null
 * @param fingerprints JA3S/JA4S of the ServerHello of the probe's handshake; null when none was seen
 *                   (QUIC, no TLS answer)
 * @param enumeration what raw-hello enumeration ({@code --enum}) learnt of the endpoint; null without
 *                   {@code --enum}, over QUIC, or when the probe met no TLS server
 * @param grade      the endpoint's grade (docs/grading.md), computed from the record with its
 *                   enumeration; null without {@code --enum}
 */
public record ScanRecord(
        Instant timestamp,
        String ip,
        int port,
        String transport,
        String host,
        String sni,
        Status status,
        String error,
        Phase phase,
        int attempts,
        Timings timings,
        TlsInfo tls,
        String firstBytes,
        ChainReport certs,
        List<Finding> findings,
        String service,
        String tlsMode,
        PreludeInfo prelude,
        String diagnosis,
        QuicInfo quic,
        HttpInfo http,
        AcmeInfo acme,
        SniMatrix sniMatrix,
        Fingerprints fingerprints,
        EnumerationInfo enumeration,
        Grade grade) {

    /** A record without enumeration and grade (the fields before {@code --enum}, issue 7). */
    public ScanRecord(Instant timestamp, String ip, int port, String transport, String host, String sni,
                      Status status, String error, Phase phase, int attempts, Timings timings, TlsInfo tls,
                      String firstBytes, ChainReport certs, List<Finding> findings, String service,
                      String tlsMode, PreludeInfo prelude, String diagnosis, QuicInfo quic, HttpInfo http,
                      AcmeInfo acme, SniMatrix sniMatrix, Fingerprints fingerprints) {
        this(timestamp, ip, port, transport, host, sni, status, error, phase, attempts, timings, tls, firstBytes,
                certs, findings, service, tlsMode, prelude, diagnosis, quic, http, acme, sniMatrix, fingerprints,
                null, null);
    }

    /** A record without ServerHello fingerprints (the fields before issue 7). */
    public ScanRecord(Instant timestamp, String ip, int port, String transport, String host, String sni,
                      Status status, String error, Phase phase, int attempts, Timings timings, TlsInfo tls,
                      String firstBytes, ChainReport certs, List<Finding> findings, String service,
                      String tlsMode, PreludeInfo prelude, String diagnosis, QuicInfo quic, HttpInfo http,
                      AcmeInfo acme, SniMatrix sniMatrix) {
        this(timestamp, ip, port, transport, host, sni, status, error, phase, attempts, timings, tls, firstBytes,
                certs, findings, service, tlsMode, prelude, diagnosis, quic, http, acme, sniMatrix, null, null, null);
    }

    /** A record without the web-layer facts (the fields before issue 4). */
    public ScanRecord(Instant timestamp, String ip, int port, String transport, String host, String sni,
                      Status status, String error, Phase phase, int attempts, Timings timings, TlsInfo tls,
                      String firstBytes, ChainReport certs, List<Finding> findings, String service,
                      String tlsMode, PreludeInfo prelude, String diagnosis) {
        this(timestamp, ip, port, transport, host, sni, status, error, phase, attempts, timings, tls, firstBytes,
                certs, findings, service, tlsMode, prelude, diagnosis, null, null, null, null, null, null, null);
    }

    /** A record of an implicit-TLS probe on an uncatalogued port (the fields before issue 3). */
    public ScanRecord(Instant timestamp, String ip, int port, String transport, String host, String sni,
                      Status status, String error, Phase phase, int attempts, Timings timings, TlsInfo tls,
                      String firstBytes, ChainReport certs, List<Finding> findings) {
        this(timestamp, ip, port, transport, host, sni, status, error, phase, attempts, timings, tls, firstBytes,
                certs, findings, null, implicitMode(status), null, null);
    }

    /** The same record with the facts only the whole probe group knows (the group join). */
    public ScanRecord withGroupFacts(List<Finding> allFindings, QuicInfo quicFacts, HttpInfo httpFacts,
                                     SniMatrix matrix) {
        return new ScanRecord(timestamp, ip, port, transport, host, sni, status, error, phase, attempts, timings,
                tls, firstBytes, certs, allFindings, service, tlsMode, prelude, diagnosis, quicFacts, httpFacts, acme,
                matrix, fingerprints, enumeration, grade);
    }

    /** The same record with its grade (the grading seam, {@code ScanConfig.grader}). */
    public ScanRecord withGrade(Grade g) {
        return new ScanRecord(timestamp, ip, port, transport, host, sni, status, error, phase, attempts, timings,
                tls, firstBytes, certs, findings, service, tlsMode, prelude, diagnosis, quic, http, acme, sniMatrix,
                fingerprints, enumeration, g);
    }

    /** What an implicit-TLS probe saw of the port's mode: TLS, plaintext, or nothing (see tlsMode). */
    private static String implicitMode(Status status) {
        if (status == null) {
            return null; // rejected later, with a message naming the field, by the writer
        }
        return switch (status) {
            case SUCCESS, ALERT -> "implicit";
            case NOT_TLS -> "none";
            default -> null;
        };
    }

    /** Bumped only on a breaking change to the NDJSON layout (docs/schema.md). */
    public static final int SCHEMA_VERSION = 1;
}
