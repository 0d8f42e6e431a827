package io.tlsweep.core.sink;

import io.tlsweep.core.result.AcmeInfo;
import io.tlsweep.core.result.CertVerdict;
import io.tlsweep.core.result.CertificateInfo;
import io.tlsweep.core.result.ChainReport;
import io.tlsweep.core.result.EnumerationInfo;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.FindingCode;
import io.tlsweep.core.result.Fingerprints;
import io.tlsweep.core.result.Grade;
import io.tlsweep.core.result.HttpInfo;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.core.result.QuicInfo;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.SniMatrix;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.result.Timings;
import io.tlsweep.core.result.TlsExtensionSupport;
import io.tlsweep.core.result.TlsInfo;
import io.tlsweep.core.result.VersionEnumeration;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One realistic record per {@link Status}, with fixed timestamps: the source of the golden file.
 * Each mirrors what the engine produces for that outcome (which fields are null, which phase).
 */
final class SampleRecords {

    static final Instant SCANNED = Instant.parse("2026-11-25T20:30:00.123Z");

    private SampleRecords() {
    }

    static List<ScanRecord> onePerStatus() {
        List<ScanRecord> out = new ArrayList<>();
        for (Status s : Status.values()) {
            out.add(forStatus(s));
        }
        return out;
    }

    /** One record per status, then the web-layer shapes (QUIC, HTTP, ACME, SNI matrix), then enumeration. */
    static List<ScanRecord> all() {
        List<ScanRecord> out = onePerStatus();
        out.addAll(webLayer());
        out.add(enumerated());
        out.addAll(jarmed());
        return out;
    }

    /**
     * Records of {@code --jarm}: a TLS 1.2/1.3 server (JA3S, JA4S and its JARM: the value of the JARM
     * lab's nginx-tls12-13 vector), and a TLS 1.0-only server that alerted tlsweep's handshake before
     * any ServerHello (no JA3S; JARM all zeros: it answered none of the probes).
     */
    static List<ScanRecord> jarmed() {
        ScanRecord both = new ScanRecord(SCANNED, "127.0.0.70", 443, "tcp", null, null, Status.SUCCESS, null, null,
                1, new Timings(0.2, 2.7, 3.1), new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256", "h2", false), null,
                goodChain(), List.of(), "https", "implicit", null, null, null, null, null, null,
                new Fingerprints(TLS13_FINGERPRINTS.ja3s(), TLS13_FINGERPRINTS.ja3sRaw(), TLS13_FINGERPRINTS.ja4s(),
                        "1dd40d40d00040d00042d43d000000e1ea2a807a629b496b664cf07ad7c08d"), null, null);
        ScanRecord jarmOnly = new ScanRecord(SCANNED, "127.0.0.72", 443, "tcp", null, null, Status.ALERT,
                "alert:protocol_version", Phase.HANDSHAKE, 1, new Timings(0.3, null, 1.9), null, null, null,
                List.of(), "https", "implicit", null, null, null, null, null, null,
                Fingerprints.withJarm(null, "0".repeat(62)), null, null);
        return List.of(both, jarmOnly);
    }

    /** A record of {@code --enum full} on a TLS 1.2/1.3 server, with the grade the rubric gave it. */
    static ScanRecord enumerated() {
        EnumerationInfo info = new EnumerationInfo("full", 37, true, List.of("TLSv1.2", "TLSv1.3"), List.of(
                new VersionEnumeration("TLSv1.2", List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
                        true, true, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", List.of("x25519", "secp256r1"), null),
                new VersionEnumeration("TLSv1.3", List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                        "TLS_CHACHA20_POLY1305_SHA256"), true, false, "TLS_AES_128_GCM_SHA256",
                        List.of("X25519MLKEM768", "x25519", "secp256r1"), null)),
                new TlsExtensionSupport(true, true, false, true, false, false, true));
        Grade grade = new Grade("A", 90, List.of(
                new Grade.GradeRule("cipher.cbc_offered", "score:cipher=90", "a CBC suite is accepted at TLS 1.2")));
        return new ScanRecord(SCANNED, "127.0.0.52", 443, "tcp", "www.example.test", "www.example.test",
                Status.SUCCESS, null, null, 1, new Timings(0.2, 2.8, 3.3), new TlsInfo("TLSv1.3",
                "TLS_AES_128_GCM_SHA256", "h2", false), null, goodChain(), List.of(), "https", "implicit", null, null,
                null, null, null, null, TLS13_FINGERPRINTS, info, grade);
    }

    /**
     * A TLS 1.3 ServerHello with TLS_AES_128_GCM_SHA256 and extensions supported_versions (43), key_share
     * (51): ALPN travels in EncryptedExtensions, so JA4S shows "00" though h2 was negotiated. Hashes
     * computed with python3's hashlib.
     */
    static final Fingerprints TLS13_FINGERPRINTS = new Fingerprints("f4febc55ea12b31ae17cfb7e614afda8",
            "771,4865,43-51", "t130200_1301_a56c5b993250");

    /** Records carrying the issue-4 objects, as a sweep with {@code -p 80,443,443/udp --acme --http} writes them. */
    static List<ScanRecord> webLayer() {
        ChainReport chain = goodChain();
        String leaf = chain.leaf().sha256();
        HttpInfo http = new HttpInfo("h2", 200, "nginx/1.22.1", null,
                new HttpInfo.Hsts(31536000L, true, false, "max-age=31536000; includeSubDomains"),
                new HttpInfo.AltSvc("h3=\":443\"; ma=86400", true, 443, true), null);
        ScanRecord tcp = new ScanRecord(SCANNED, "127.0.0.50", 443, "tcp", "www.example.test", "www.example.test",
                Status.SUCCESS, null, null, 1, new Timings(0.21, 2.9, 4.8), new TlsInfo("TLSv1.3",
                "TLS_AES_128_GCM_SHA256", "h2", false), null, chain, List.of(), "https", "implicit", null, null,
                null, http, new AcmeInfo(null, new AcmeInfo.TlsAlpn01(false, "server selected no ALPN protocol")),
                null, TLS13_FINGERPRINTS);
        ScanRecord udp = new ScanRecord(SCANNED, "127.0.0.50", 443, "udp", "www.example.test", "www.example.test",
                Status.SUCCESS, null, null, 1, new Timings(null, 3.6, 3.9), new TlsInfo("TLSv1.3",
                "TLS_AES_128_GCM_SHA256", "h3", false), null, chain, List.of(), "https-h3", "quic", null, null,
                new QuicInfo("v1", null, 30000L, 1472L, 10485760L, 100L, null, null, true), null, null, null);
        ScanRecord port80 = new ScanRecord(SCANNED, "127.0.0.51", 80, "tcp", "blocked.example.test",
                "blocked.example.test", Status.REFUSED, "connection refused", Phase.CONNECT, 1,
                new Timings(null, null, 0.12), null, null, null, List.of(Finding.of(FindingCode.ACME_HTTP01_BLOCKED,
                "port 80 refused the connection: an ACME HTTP-01 validation cannot reach this host")), "http", null,
                null, null, null, null, new AcmeInfo(new AcmeInfo.Http01("blocked", null, null,
                "connection refused"), null), null);
        SniMatrix matrix = new SniMatrix(leaf, false, List.of(
                new SniMatrix.NameResult("www.example.test", "success", leaf),
                new SniMatrix.NameResult("api.example.test", "success", "6a".repeat(32)),
                new SniMatrix.NameResult("gone.example.test", "alert", null)), List.of(
                new SniMatrix.ServedCert(leaf, "www.example.test", List.of("www.example.test", "*.cdn.example.test"),
                        true, List.of("www.example.test")),
                new SniMatrix.ServedCert("6a".repeat(32), "api.example.test", List.of("api.example.test"), false,
                        List.of("api.example.test"))));
        ScanRecord noSni = new ScanRecord(SCANNED, "127.0.0.50", 443, "tcp", null, null, Status.SUCCESS, null, null,
                1, new Timings(0.2, 2.7, 3.1), new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256", "h2", false), null,
                chain, List.of(), "https", "implicit", null, null, null, null, null, matrix);
        return List.of(tcp, udp, port80, noSni);
    }

    static ScanRecord forStatus(Status s) {
        return switch (s) {
            case SUCCESS -> new ScanRecord(SCANNED, "127.0.0.1", 443, "tcp", "www.example.test", "www.example.test",
                    s, null, null, 1, new Timings(0.2345, 3.1, 3.4567), new TlsInfo("TLSv1.3",
                    "TLS_AES_128_GCM_SHA256", "h2", false), null, goodChain(), List.of());
            case REFUSED -> failure(s, "connection refused", Phase.CONNECT, 1, new Timings(null, null, 0.151));
            case TIMEOUT -> failure(s, "connect timed out after 3000 ms", Phase.CONNECT, 2,
                    new Timings(null, null, 6001.0));
            case RESET -> failure(s, "connection reset by peer", Phase.HANDSHAKE, 1, new Timings(0.3, null, 1.25));
            case UNREACHABLE -> failure(s, "no route to host", Phase.CONNECT, 1, new Timings(null, null, 0.05));
            case NOT_TLS -> new ScanRecord(SCANNED, "127.0.0.2", 25, "tcp", null, null, s,
                    "peer sent non-TLS data", Phase.HANDSHAKE, 1, new Timings(0.2, null, 2.0), null,
                    NdjsonWriter.escapeBytes("220 mail.example.test ESMTP\r\n\\\u0000".getBytes(
                            StandardCharsets.ISO_8859_1), 64), null, List.of());
            case ALERT -> new ScanRecord(SCANNED, "127.0.0.3", 8443, "tcp", "expired.example.test",
                    "expired.example.test", s, "alert:handshake_failure", Phase.HANDSHAKE, 1,
                    new Timings(0.4, null, 2.2), null, null, expiredSelfSigned(), List.of(
                    Finding.of(FindingCode.EXPIRED, "notAfter 2026-01-01T00:00:00Z is in the past"),
                    Finding.of(FindingCode.SELF_SIGNED, "leaf is self-signed"),
                    Finding.of(FindingCode.UNTRUSTED, "no path to a trust anchor"),
                    Finding.of(FindingCode.NAME_MISMATCH, "expired.example.test not in [old.example.test]")));
            case CLOSED -> failure(s, "connection closed by peer", Phase.HANDSHAKE, 1, new Timings(0.3, null, 0.9));
            case HANDSHAKE_FAILED -> new ScanRecord(SCANNED, "::1", 993, "tcp", null, null, s,
                    "wrong version number", Phase.HANDSHAKE, 1, new Timings(0.1, null, 0.8), null, null, null,
                    List.of());
            case DNS_ERROR -> new ScanRecord(SCANNED, null, 443, "tcp", "nonexistent.example.test",
                    "nonexistent.example.test", s, "NXDOMAIN", Phase.DNS, 1, new Timings(null, null, 12.0),
                    null, null, null, List.of());
            case VERSION_NEGOTIATION -> new ScanRecord(SCANNED, "127.0.0.4", 443, "udp", null, null, s,
                    "no common QUIC version (server offers 0x1a2a3a4a)", Phase.HANDSHAKE, 1,
                    new Timings(null, null, 1.4), null, null, null, List.of(), "https-h3", null, null, null,
                    new QuicInfo(null, List.of("0x1a2a3a4a"), null, null, null, null, null, null, null), null, null,
                    null);
            case LOCAL_ERROR -> failure(s, "too many open files", Phase.CONNECT, 1, new Timings(null, null, 0.01));
            case STARTTLS_UNSUPPORTED -> prelude(s, "server does not offer STARTTLS", 25, "smtp", new PreludeInfo(
                    "smtp", "220 mx.example.test ESMTP Postfix\\r\\n", false, null, null, false));
            case STARTTLS_REJECTED -> prelude(s, "STARTTLS refused: 454 4.7.0 TLS not available due to local problem",
                    587, "smtp-submission", new PreludeInfo("smtp", "220 mx.example.test ESMTP\\r\\n", true, "454",
                    "4.7.0 TLS not available due to local problem", false));
            case SERVICE_UNAVAILABLE -> prelude(s, "greeting refuses service: 421 too many connections", 25, "smtp",
                    new PreludeInfo("smtp", "421 mx.example.test too many connections\\r\\n", null, "421",
                    "mx.example.test too many connections", false));
            case PROTOCOL_MISMATCH -> prelude(s, "not an IMAP greeting", 143, "imap", new PreludeInfo("imap",
                    "SSH-2.0-OpenSSH_9.2p1 Debian-2\\r\\n", null, null, null, false));
        };
    }

    private static ScanRecord prelude(Status s, String error, int port, String service, PreludeInfo info) {
        return new ScanRecord(SCANNED, "127.0.0.20", port, "tcp", null, null, s, error, Phase.PRELUDE, 1,
                new Timings(0.3, null, 4.5), null, null, null, List.of(), service,
                s == Status.STARTTLS_UNSUPPORTED ? "none" : null, info, null);
    }

    private static ScanRecord failure(Status s, String error, Phase phase, int attempts, Timings t) {
        return new ScanRecord(SCANNED, "127.0.0.1", 443, "tcp", null, null, s, error, phase, attempts, t,
                null, null, null, List.of());
    }

    private static ChainReport goodChain() {
        CertificateInfo leaf = new CertificateInfo("CN=www.example.test,O=Example", "www.example.test",
                "CN=Example Issuing CA,O=Example", "Example Issuing CA",
                List.of("www.example.test", "*.cdn.example.test"), List.of("127.0.0.1"), List.of(),
                "3a0f5c", Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-12-30T23:59:59Z"), 35,
                "EC", 256, "P-256", "SHA256withECDSA", "5f".repeat(32), "a1".repeat(20), false, false, true);
        CertificateInfo intermediate = new CertificateInfo("CN=Example Issuing CA,O=Example", "Example Issuing CA",
                "CN=Example Root CA,O=Example", "Example Root CA", List.of(), List.of(), List.of(), "1001",
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z"), 1132, "RSA", 2048,
                null, "SHA256withRSA", "0b".repeat(32), "c2".repeat(20), true, false, false);
        CertVerdict verdict = new CertVerdict("www.example.test", true, false, false, false, true, true, true);
        return new ChainReport(leaf, List.of(intermediate), verdict, List.of());
    }

    private static ChainReport expiredSelfSigned() {
        CertificateInfo leaf = new CertificateInfo("CN=old.example.test", "old.example.test", "CN=old.example.test",
                "old.example.test", List.of("old.example.test"), List.of(), List.of("hostmaster@example.test"), "1",
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"), -328, "RSA", 1024,
                null, "SHA1withRSA", "9e".repeat(32), "77".repeat(20), false, true, false);
        CertVerdict verdict = new CertVerdict("expired.example.test", false, true, false, true, false, true, true);
        return new ChainReport(leaf, List.of(), verdict, List.of());
    }
}
