package io.tlsweep.core.sink;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.tlsweep.core.result.AcmeInfo;
import io.tlsweep.core.result.CertVerdict;
import io.tlsweep.core.result.CertificateInfo;
import io.tlsweep.core.result.ChainReport;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.EnumerationInfo;
import io.tlsweep.core.result.Fingerprints;
import io.tlsweep.core.result.Grade;
import io.tlsweep.core.result.HttpInfo;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.core.result.QuicInfo;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.SniMatrix;
import io.tlsweep.core.result.Timings;
import io.tlsweep.core.result.TlsExtensionSupport;
import io.tlsweep.core.result.TlsInfo;
import io.tlsweep.core.result.VersionEnumeration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * Serialises a {@link ScanRecord} as one NDJSON line (the layout is documented in
 * {@code docs/schema.md} and {@code docs/schema.json}).
 *
 * <p>Every top-level key is always written, in a fixed order, with {@code null} when the value is
 * absent: spreadsheets and SIEMs then get stable columns. A record is first rendered into a
 * private buffer and only then copied to the destination, so a failure half-way through a record
 * can never leave half a line in the output.
 *
 * <pre>{@code
 * NdjsonWriter w = new NdjsonWriter();      // one per thread: it reuses a scratch buffer
 * w.writeLine(record, out);                 // appends {"schema_version":1,...}\n
 * }</pre>
 *
 * <p>Not thread-safe; {@link ResultSink} owns one on its writer thread.
 */
public final class NdjsonWriter {

    /** Jackson factories are thread-safe and costly to build: share one. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private static final DateTimeFormatter RECORD_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CERT_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final ByteArrayOutputStream scratch = new ByteArrayOutputStream(2048);

    /**
     * Fails fast, in the caller's thread, on a record that cannot become a valid line: the fields
     * the schema declares non-null must be set. Cheap; {@link ResultSink#accept} calls it so a bug
     * in a producer shows up there rather than as a lost line on the writer thread.
     *
     * @throws NullPointerException naming the missing field
     */
    public static void checkWritable(ScanRecord r) {
        Objects.requireNonNull(r, "record");
        Objects.requireNonNull(r.timestamp(), "ScanRecord.timestamp");
        Objects.requireNonNull(r.transport(), "ScanRecord.transport");
        Objects.requireNonNull(r.status(), "ScanRecord.status");
    }

    /** Writes {@code r} as one {@code \n}-terminated UTF-8 line to {@code out} (one write call); returns its length in bytes. */
    public int writeLine(ScanRecord r, OutputStream out) throws IOException {
        render(r);
        scratch.writeTo(out);
        return scratch.size();
    }

    /** The line for {@code r}, including the trailing {@code \n}. */
    public String toLine(ScanRecord r) {
        try {
            render(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory: only a serialisation bug gets here
        }
        return scratch.toString(StandardCharsets.UTF_8);
    }

    /**
     * The line {@code tlsweep inspect} prints for a chain read from disk: what was inspected
     * ({@code file}, the {@code name} checked or null, the moment {@code at} validity was judged),
     * then {@code cert}, {@code chain}, {@code verdict} and {@code findings} written by the same
     * code as a scan record's, so one jq filter reads both. Ends with {@code \n}.
     */
    public String inspectLine(String file, String name, Instant at, ChainReport report) {
        scratch.reset();
        try (JsonGenerator g = JSON.createGenerator(scratch, JsonEncoding.UTF8)) {
            g.setCharacterEscapes(LineSafeEscapes.INSTANCE);
            g.writeStartObject();
            g.writeNumberField("schema_version", ScanRecord.SCHEMA_VERSION);
            string(g, "file", file);
            string(g, "name", name);
            g.writeStringField("at", RECORD_TIME.format(at));
            g.writeFieldName("cert");
            writeCertificate(g, report.leaf());
            g.writeFieldName("chain");
            writeChain(g, report.chain());
            writeVerdict(g, report.verdict());
            writeFindings(g, report.findings());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory: only a serialisation bug gets here
        }
        scratch.write('\n');
        return scratch.toString(StandardCharsets.UTF_8);
    }

    private void render(ScanRecord r) throws IOException {
        checkWritable(r);
        scratch.reset();
        try (JsonGenerator g = JSON.createGenerator(scratch, JsonEncoding.UTF8)) {
            g.setCharacterEscapes(LineSafeEscapes.INSTANCE);
            writeRecord(g, r);
        }
        scratch.write('\n');
    }

    private static void writeRecord(JsonGenerator g, ScanRecord r) throws IOException {
        g.writeStartObject();
        g.writeNumberField("schema_version", ScanRecord.SCHEMA_VERSION);
        g.writeStringField("timestamp", RECORD_TIME.format(r.timestamp()));
        string(g, "ip", r.ip());
        g.writeNumberField("port", r.port());
        string(g, "transport", r.transport());
        string(g, "host", r.host());
        string(g, "sni", r.sni());
        g.writeStringField("status", r.status().wire());
        string(g, "error", r.error());
        string(g, "phase", r.phase() == null ? null : r.phase().wire());
        g.writeNumberField("attempts", r.attempts());
        writeTimings(g, r.timings());
        writeTls(g, r.tls());
        string(g, "first_bytes", r.firstBytes());
        ChainReport certs = r.certs();
        g.writeFieldName("cert");
        writeCertificate(g, certs == null ? null : certs.leaf());
        g.writeFieldName("chain");
        writeChain(g, certs == null ? null : certs.chain());
        writeVerdict(g, certs == null ? null : certs.verdict());
        writeFindings(g, r.findings());
        // Added with the STARTTLS dialects (issue 3), after the original columns so those keep their place.
        string(g, "service", r.service());
        string(g, "tls_mode", r.tlsMode());
        writePrelude(g, r.prelude());
        string(g, "diagnosis", r.diagnosis());
        // Added with the web layer (issue 4), again after everything older.
        writeQuic(g, r.quic());
        writeHttp(g, r.http());
        writeAcme(g, r.acme());
        writeSniMatrix(g, r.sniMatrix());
        // Added with the ServerHello fingerprints (issue 7), after everything older.
        writeFingerprints(g, r.fingerprints());
        // Added with enumeration and grading (--enum, issue 7), after everything older.
        writeEnumeration(g, r.enumeration());
        writeGrade(g, r.grade());
        g.writeEndObject();
    }

    private static void writeEnumeration(JsonGenerator g, EnumerationInfo e) throws IOException {
        g.writeFieldName("enum");
        if (e == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        string(g, "level", e.level());
        g.writeNumberField("hellos", e.hellos());
        g.writeBooleanField("complete", e.complete());
        strings(g, "versions", e.versions());
        g.writeArrayFieldStart("per_version");
        for (VersionEnumeration v : e.perVersion()) {
            g.writeStartObject();
            string(g, "version", v.version());
            strings(g, "suites", v.suites());
            g.writeBooleanField("suites_complete", v.suitesComplete());
            bool(g, "server_order", v.serverOrder());
            string(g, "preferred", v.preferred());
            strings(g, "groups", v.groups());
            number(g, "dh_bits", v.dhBits() == null ? null : v.dhBits().longValue());
            g.writeEndObject();
        }
        g.writeEndArray();
        TlsExtensionSupport x = e.extensions();
        g.writeFieldName("extensions");
        if (x == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            bool(g, "secure_renegotiation", x.secureRenegotiation());
            bool(g, "extended_master_secret", x.extendedMasterSecret());
            bool(g, "ocsp_stapling", x.ocspStapling());
            bool(g, "session_ticket", x.sessionTicket());
            bool(g, "compression", x.compression());
            bool(g, "heartbeat", x.heartbeat());
            bool(g, "fallback_scsv", x.fallbackScsv());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeGrade(JsonGenerator g, Grade grade) throws IOException {
        g.writeFieldName("grade");
        if (grade == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        string(g, "letter", grade.letter());
        g.writeNumberField("score", grade.score());
        g.writeArrayFieldStart("rules");
        for (Grade.GradeRule rule : grade.rules()) {
            g.writeStartObject();
            string(g, "id", rule.id());
            string(g, "effect", rule.effect());
            string(g, "detail", rule.detail());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeQuic(JsonGenerator g, QuicInfo q) throws IOException {
        g.writeFieldName("quic");
        if (q == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        string(g, "version", q.version());
        g.writeFieldName("server_versions");
        if (q.serverVersions() == null) {
            g.writeNull();
        } else {
            strings(g, q.serverVersions());
        }
        number(g, "max_idle_timeout_ms", q.maxIdleTimeoutMs());
        number(g, "max_udp_payload_size", q.maxUdpPayloadSize());
        number(g, "initial_max_data", q.initialMaxData());
        number(g, "initial_max_streams_bidi", q.initialMaxStreamsBidi());
        number(g, "close_code", q.closeCode());
        string(g, "close_reason", q.closeReason());
        bool(g, "same_cert_as_tcp", q.sameCertAsTcp());
        g.writeEndObject();
    }

    private static void writeHttp(JsonGenerator g, HttpInfo h) throws IOException {
        g.writeFieldName("http");
        if (h == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        string(g, "protocol", h.protocol());
        number(g, "status", h.status() == null ? null : h.status().longValue());
        string(g, "server", h.server());
        string(g, "location", h.location());
        g.writeFieldName("hsts");
        HttpInfo.Hsts hsts = h.hsts();
        if (hsts == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            number(g, "max_age", hsts.maxAge());
            g.writeBooleanField("include_subdomains", hsts.includeSubDomains());
            g.writeBooleanField("preload", hsts.preload());
            string(g, "raw", hsts.raw());
            g.writeEndObject();
        }
        g.writeFieldName("alt_svc");
        HttpInfo.AltSvc alt = h.altSvc();
        if (alt == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            string(g, "raw", alt.raw());
            g.writeBooleanField("h3", alt.h3());
            number(g, "h3_port", alt.h3Port() == null ? null : alt.h3Port().longValue());
            bool(g, "h3_reachable", alt.h3Reachable());
            g.writeEndObject();
        }
        string(g, "error", h.error());
        g.writeEndObject();
    }

    private static void writeAcme(JsonGenerator g, AcmeInfo a) throws IOException {
        g.writeFieldName("acme");
        if (a == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeFieldName("http01");
        AcmeInfo.Http01 h = a.http01();
        if (h == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            string(g, "result", h.result());
            number(g, "status", h.status() == null ? null : h.status().longValue());
            string(g, "location", h.location());
            string(g, "detail", h.detail());
            g.writeEndObject();
        }
        g.writeFieldName("tls_alpn01");
        AcmeInfo.TlsAlpn01 t = a.tlsAlpn01();
        if (t == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeBooleanField("accepted", t.accepted());
            string(g, "detail", t.detail());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeFingerprints(JsonGenerator g, Fingerprints f) throws IOException {
        g.writeFieldName("fingerprints");
        if (f == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        string(g, "ja3s", f.ja3s());
        string(g, "ja3s_raw", f.ja3sRaw());
        string(g, "ja4s", f.ja4s());
        string(g, "jarm", f.jarm()); // added with --jarm (issue 7), at the end of the object
        g.writeEndObject();
    }

    private static void writeSniMatrix(JsonGenerator g, SniMatrix m) throws IOException {
        g.writeFieldName("sni_matrix");
        if (m == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        string(g, "default_cert", m.defaultCert());
        g.writeBooleanField("sni_required", m.sniRequired());
        g.writeArrayFieldStart("names");
        for (SniMatrix.NameResult n : m.names()) {
            g.writeStartObject();
            string(g, "sni", n.sni());
            string(g, "status", n.status());
            string(g, "cert_sha256", n.certSha256());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("certs");
        for (SniMatrix.ServedCert c : m.certs()) {
            g.writeStartObject();
            string(g, "sha256", c.sha256());
            string(g, "subject_cn", c.subjectCn());
            strings(g, "san_dns", c.sanDns());
            g.writeBooleanField("default", c.isDefault());
            strings(g, "snis", c.snis());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void number(JsonGenerator g, String name, Long value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeNumber(value);
        }
    }

    private static void bool(JsonGenerator g, String name, Boolean value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeBoolean(value);
        }
    }

    private static void writePrelude(JsonGenerator g, PreludeInfo p) throws IOException {
        g.writeFieldName("prelude");
        if (p == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        string(g, "protocol", p.protocol());
        string(g, "banner", p.banner());
        g.writeFieldName("starttls_advertised");
        if (p.starttlsAdvertised() == null) {
            g.writeNull();
        } else {
            g.writeBoolean(p.starttlsAdvertised());
        }
        string(g, "reply_code", p.replyCode());
        string(g, "reply_text", p.replyText());
        g.writeBooleanField("injection", p.injection());
        g.writeEndObject();
    }

    private static void writeTimings(JsonGenerator g, Timings t) throws IOException {
        g.writeObjectFieldStart("timings");
        millis(g, "connect_ms", t == null ? null : t.connectMs());
        millis(g, "handshake_ms", t == null ? null : t.handshakeMs());
        millis(g, "total_ms", t == null ? null : t.totalMs());
        g.writeEndObject();
    }

    private static void writeTls(JsonGenerator g, TlsInfo tls) throws IOException {
        g.writeFieldName("tls");
        if (tls == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        string(g, "version", tls.version());
        string(g, "cipher", tls.cipher());
        string(g, "alpn", tls.alpn());
        g.writeBooleanField("client_cert_requested", tls.clientCertRequested());
        g.writeEndObject();
    }

    private static void writeChain(JsonGenerator g, List<CertificateInfo> chain) throws IOException {
        if (chain == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (CertificateInfo c : chain) {
            writeCertificate(g, c);
        }
        g.writeEndArray();
    }

    private static void writeCertificate(JsonGenerator g, CertificateInfo c) throws IOException {
        if (c == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        string(g, "subject", c.subject());
        string(g, "subject_cn", c.subjectCn());
        string(g, "issuer", c.issuer());
        string(g, "issuer_cn", c.issuerCn());
        strings(g, "san_dns", c.sanDns());
        strings(g, "san_ip", c.sanIp());
        strings(g, "san_email", c.sanEmail());
        string(g, "serial", c.serial());
        certTime(g, "not_before", c.notBefore());
        certTime(g, "not_after", c.notAfter());
        g.writeNumberField("days_left", c.daysLeft());
        string(g, "key_algorithm", c.keyAlgorithm());
        g.writeNumberField("key_size", c.keySize());
        string(g, "key_curve", c.keyCurve());
        string(g, "signature_algorithm", c.signatureAlgorithm());
        string(g, "sha256", c.sha256());
        string(g, "sha1", c.sha1());
        g.writeBooleanField("is_ca", c.isCa());
        g.writeBooleanField("self_signed", c.selfSigned());
        g.writeBooleanField("wildcard", c.wildcard());
        g.writeEndObject();
    }

    private static void writeVerdict(JsonGenerator g, CertVerdict v) throws IOException {
        g.writeFieldName("verdict");
        if (v == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        string(g, "name_checked", v.nameChecked());
        g.writeBooleanField("hostname_match", v.hostnameMatch());
        g.writeBooleanField("expired", v.expired());
        g.writeBooleanField("not_yet_valid", v.notYetValid());
        g.writeBooleanField("self_signed", v.selfSigned());
        g.writeBooleanField("trusted", v.trusted());
        g.writeBooleanField("chain_complete", v.chainComplete());
        g.writeBooleanField("chain_ordered", v.chainOrdered());
        g.writeEndObject();
    }

    private static void writeFindings(JsonGenerator g, List<Finding> findings) throws IOException {
        g.writeArrayFieldStart("findings"); // never null: [] when none, so `jq '.findings[]'` always works
        if (findings != null) {
            for (Finding f : findings) {
                g.writeStartObject();
                string(g, "code", f.code());
                string(g, "detail", f.detail());
                g.writeEndObject();
            }
        }
        g.writeEndArray();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(withoutLoneSurrogates(value));
        }
    }

    /** A null list is written as [] so consumers can always iterate a certificate's names. */
    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeFieldName(name);
        strings(g, values);
    }

    private static void strings(JsonGenerator g, List<String> values) throws IOException {
        g.writeStartArray();
        if (values != null) {
            for (String v : values) {
                if (v == null) {
                    g.writeNull();
                } else {
                    g.writeString(withoutLoneSurrogates(v));
                }
            }
        }
        g.writeEndArray();
    }

    private static void certTime(JsonGenerator g, String name, Instant t) throws IOException {
        string(g, name, t == null ? null : CERT_TIME.format(t));
    }

    /**
     * Milliseconds rounded half-up to 3 decimals (microseconds: finer is noise on a scan) and
     * written in plain notation ({@code 12.5}, never {@code 1.25E1}). NaN and infinities are not
     * JSON numbers and mean "not measured", so they become null.
     */
    private static void millis(JsonGenerator g, String name, Double ms) throws IOException {
        g.writeFieldName(name);
        if (ms == null || ms.isNaN() || ms.isInfinite()) {
            g.writeNull();
        } else {
            g.writeNumber(BigDecimal.valueOf(ms).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros());
        }
    }

    /**
     * Jackson refuses to encode an unpaired UTF-16 surrogate as UTF-8 (it throws mid-record), and
     * server-supplied text reaches us through decoders that may produce one. Replace each with
     * U+FFFD; the common all-valid case returns the same string without copying.
     */
    static String withoutLoneSurrogates(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && !Character.isSurrogate(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n).append(s, 0, i);
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(i + 1));
                i += 2;
            } else {
                b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
                i++;
            }
        }
        return b.toString();
    }

    /**
     * Renders raw peer bytes (the {@code first_bytes} of a {@code not_tls} record) as readable,
     * reversible ASCII: printable ASCII (0x20..0x7E) as itself except backslash, which becomes
     * {@code \\}; CR, LF and TAB as {@code \r}, {@code \n}, {@code \t}; every other byte as
     * {@code \xHH} (two lowercase hex digits). Only the first {@code max} bytes are rendered; the
     * rest are dropped without a marker (the output is always decodable back to exactly the bytes
     * it covers, and {@code max} is the scanner's configured read limit, so readers know it).
     *
     * @param b   the bytes, or null (gives null)
     * @param max how many leading bytes to render, at least 0
     */
    public static String escapeBytes(byte[] b, int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be >= 0, was " + max);
        }
        if (b == null) {
            return null;
        }
        int n = Math.min(b.length, max);
        StringBuilder out = new StringBuilder(n + 16);
        for (int i = 0; i < n; i++) {
            int v = b[i] & 0xFF;
            switch (v) {
                case '\\' -> out.append("\\\\");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (v >= 0x20 && v <= 0x7E) {
                        out.append((char) v);
                    } else {
                        out.append("\\x").append(HEX[v >>> 4]).append(HEX[v & 0x0F]);
                    }
                }
            }
        }
        return out.toString();
    }
}
