package io.tlsweep.core.sink;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.result.Timings;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NdjsonWriterTest {

    static final List<String> TOP_LEVEL_KEYS = List.of("schema_version", "timestamp", "ip", "port", "transport",
            "host", "sni", "status", "error", "phase", "attempts", "timings", "tls", "first_bytes", "cert", "chain",
            "verdict", "findings", "service", "tls_mode", "prelude", "diagnosis", "quic", "http", "acme", "sni_matrix",
            "fingerprints", "enum", "grade");

    /** Strict: a trailing second value on the line is an error, not silently ignored. */
    static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final NdjsonWriter writer = new NdjsonWriter();

    @Test
    void everyTopLevelKeyIsPresentInFixedOrderForEveryStatus() throws Exception {
        for (ScanRecord r : SampleRecords.onePerStatus()) {
            JsonNode n = STRICT.readTree(writer.toLine(r));
            assertEquals(TOP_LEVEL_KEYS, keys(n), r.status().toString());
            assertEquals(r.status().wire(), n.get("status").asText());
            assertTrue(n.get("findings").isArray());
        }
    }

    /** `tlsweep inspect` promises the scan record's objects: the same writers, so the same JSON. */
    @Test
    void inspectLineCarriesTheScanRecordsCertificateObjects() throws Exception {
        List<ScanRecord> web = SampleRecords.webLayer();
        ScanRecord scanned = web.get(0);
        ScanRecord withFindings = web.get(2);
        io.tlsweep.core.result.ChainReport served = scanned.certs();
        String line = writer.inspectLine("fullchain.pem", "www.example.test", SampleRecords.SCANNED,
                new io.tlsweep.core.result.ChainReport(served.leaf(), served.chain(), served.verdict(),
                        withFindings.findings()));
        assertOneLine(line);
        JsonNode inspect = STRICT.readTree(line);
        JsonNode record = STRICT.readTree(writer.toLine(scanned));
        assertEquals(List.of("schema_version", "file", "name", "at", "cert", "chain", "verdict", "findings"),
                keys(inspect));
        assertEquals("fullchain.pem", inspect.get("file").asText());
        assertEquals("2026-11-25T20:30:00.123Z", inspect.get("at").asText());
        for (String key : List.of("cert", "chain", "verdict")) {
            assertEquals(record.get(key), inspect.get(key), key);
        }
        assertFalse(inspect.get("findings").isEmpty());
        assertEquals(STRICT.readTree(writer.toLine(withFindings)).get("findings"), inspect.get("findings"));
    }

    @Test
    void successLineHasTheDocumentedFormats() throws Exception {
        JsonNode n = STRICT.readTree(writer.toLine(SampleRecords.forStatus(Status.SUCCESS)));
        assertEquals(ScanRecord.SCHEMA_VERSION, n.get("schema_version").asInt());
        assertEquals("2026-11-25T20:30:00.123Z", n.get("timestamp").asText());
        assertEquals("0.235", n.get("timings").get("connect_ms").asText(), "half-up to 3 decimals");
        assertEquals("3.1", n.get("timings").get("handshake_ms").asText());
        assertEquals("2026-12-30T23:59:59Z", n.get("cert").get("not_after").asText());
        assertEquals("Example Issuing CA", n.get("chain").get(0).get("subject_cn").asText());
        assertTrue(n.get("error").isNull());
        assertTrue(n.get("phase").isNull());
        assertEquals("h2", n.get("tls").get("alpn").asText());
    }

    @Test
    void absentPartsAreNullButTimingsAndFindingsAreAlwaysThere() throws Exception {
        ScanRecord bare = new ScanRecord(SampleRecords.SCANNED, null, 1, "tcp", null, null, Status.DNS_ERROR,
                null, null, 1, null, null, null, null, null);
        JsonNode n = STRICT.readTree(writer.toLine(bare));
        for (String k : List.of("ip", "host", "sni", "error", "phase", "tls", "first_bytes", "cert", "chain",
                "verdict")) {
            assertTrue(n.get(k).isNull(), k);
        }
        assertTrue(n.get("timings").get("total_ms").isNull());
        assertEquals(0, n.get("findings").size());
    }

    @Test
    void millisecondsAreRoundedAndNeverInExponentNotation() {
        String line = writer.toLine(withTimings(new Timings(123456789.98765, 0.0004, Double.NaN)));
        assertTrue(line.contains("\"connect_ms\":123456789.988,"), line);
        assertTrue(line.contains("\"handshake_ms\":0,"), line);
        assertTrue(line.contains("\"total_ms\":null}"), line);
    }

    @Test
    void loneSurrogatesBecomeReplacementCharactersAndPairsSurvive() throws Exception {
        ScanRecord r = new ScanRecord(SampleRecords.SCANNED, "127.0.0.1", 1, "tcp", "a\uD800b\uDC00c",
                "\uD83D\uDE00", Status.SUCCESS, null, null, 1, null, null, null, null, List.of());
        JsonNode n = STRICT.readTree(writer.toLine(r));
        assertEquals("a\uFFFDb\uFFFDc", n.get("host").asText());
        assertEquals("\uD83D\uDE00", n.get("sni").asText());
    }

    @Test
    void controlCharactersAndUnicodeLineBreaksAreEscaped() {
        ScanRecord r = new ScanRecord(SampleRecords.SCANNED, "127.0.0.1", 1, "tcp", "x\n\r\u0085\u2028\u2029\u007f\u009b",
                null, Status.SUCCESS, null, null, 1, null, null, null, null, List.of());
        String line = writer.toLine(r);
        assertTrue(line.contains("\"host\":\"x\\n\\r\\u0085\\u2028\\u2029\\u007F\\u009B\""), line);
    }

    @Test
    void randomRecordsAlwaysGiveExactlyOneParsableLine() throws Exception {
        RandomRecords random = RandomRecords.hostile(0x715e);
        for (int i = 0; i < 3000; i++) {
            ScanRecord r = random.next();
            String line = writer.toLine(r);
            assertOneLine(line);
            JsonNode n = STRICT.readTree(line);
            assertEquals(TOP_LEVEL_KEYS, keys(n));
            // what went in comes back out, except that lone surrogates are replaced
            assertEquals(text(r.host()), n.get("host").isNull() ? null : n.get("host").asText());
            assertEquals(text(r.error()), n.get("error").isNull() ? null : n.get("error").asText());
            if (r.certs() != null) {
                assertEquals(NdjsonWriter.withoutLoneSurrogates(r.certs().leaf().subject()),
                        n.get("cert").get("subject").asText());
                assertEquals(r.certs().chain().size(), n.get("chain").size());
            }
        }
    }

    @Test
    void writeLineAppendsExactlyTheSameBytesAsToLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ScanRecord r = SampleRecords.forStatus(Status.ALERT);
        writer.writeLine(r, out);
        writer.writeLine(r, out);
        String once = writer.toLine(r);
        assertEquals(once + once, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void recordsMissingRequiredFieldsAreRejectedUpFront() {
        ScanRecord noStatus = new ScanRecord(SampleRecords.SCANNED, null, 1, "tcp", null, null, null, null, null,
                1, null, null, null, null, List.of());
        NullPointerException e = assertThrows(NullPointerException.class, () -> writer.toLine(noStatus));
        assertTrue(e.getMessage().contains("status"), e.getMessage());
    }

    @Test
    void escapeBytesFollowsTheDocumentedRules() {
        byte[] in = {'2', '2', '0', ' ', '\\', '\r', '\n', '\t', 0, 0x1b, (byte) 0x7f, (byte) 0xff, '~'};
        assertEquals("220 \\\\\\r\\n\\t\\x00\\x1b\\x7f\\xff~", NdjsonWriter.escapeBytes(in, 100));
        assertEquals("220", NdjsonWriter.escapeBytes(in, 3));
        assertEquals("", NdjsonWriter.escapeBytes(in, 0));
        assertEquals(null, NdjsonWriter.escapeBytes(null, 5));
        assertThrows(IllegalArgumentException.class, () -> NdjsonWriter.escapeBytes(in, -1));
    }

    @Test
    void escapeBytesIsPrintableAndReversibleForRandomInput() {
        Random rnd = new Random(42);
        for (int i = 0; i < 5000; i++) {
            byte[] b = new byte[rnd.nextInt(0, 300)];
            rnd.nextBytes(b);
            int max = rnd.nextInt(0, 400);
            String s = NdjsonWriter.escapeBytes(b, max);
            assertTrue(s.chars().allMatch(c -> c >= 0x20 && c <= 0x7E), s);
            assertArrayEquals(Arrays.copyOf(b, Math.min(max, b.length)), unescape(s));
        }
    }

    static void assertOneLine(String line) {
        assertTrue(line.endsWith("\n"), "line must end with \\n");
        String body = line.substring(0, line.length() - 1);
        for (char c : new char[] {'\n', '\r', '\u0085', '\u2028', '\u2029'}) {
            assertFalse(body.indexOf(c) >= 0, () -> "raw line break U+" + Integer.toHexString(c) + " in " + body);
        }
        assertTrue(body.chars().noneMatch(c -> c < 0x20 || (c >= 0x7F && c <= 0x9F)), "raw control char");
    }

    private static String text(String s) {
        return s == null ? null : NdjsonWriter.withoutLoneSurrogates(s);
    }

    private static ScanRecord withTimings(Timings t) {
        return new ScanRecord(SampleRecords.SCANNED, "127.0.0.1", 1, "tcp", null, null, Status.TIMEOUT, null, null,
                1, t, null, null, null, List.of());
    }

    static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    /** The inverse of escapeBytes, written independently of it so the round trip proves something. */
    private static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case '\\' -> out.write('\\');
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new AssertionError("bad escape \\" + e + " in " + s);
            }
        }
        return out.toByteArray();
    }
}
