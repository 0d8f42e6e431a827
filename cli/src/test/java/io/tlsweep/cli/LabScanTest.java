package io.tlsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tlsweep.core.lab.DemoLab;
import io.tlsweep.core.lab.LabEndpoint;
import io.tlsweep.core.target.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real scans through the CLI, in a child process, against the in-process {@link DemoLab} (loopback
 * 127.0.0.2-8, ephemeral ports), trusting the lab's root via {@code --ca-file}.
 *
 * <p>Lab names do not resolve, so targets are {@code ip:port} tokens; an endpoint that needs its
 * name is scanned on its own with {@code --sni}.
 */
class LabScanTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static DemoLab lab;
    static Path caFile;

    @BeforeAll
    static void startLab() throws Exception {
        lab = DemoLab.start();
        caFile = Files.writeString(dir.resolve("lab-root.pem"), lab.pki().root().certificatePem());
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    /** One endpoint per listening address:port (the two vhost names share one). */
    private static Map<String, LabEndpoint> byAddress() {
        Map<String, LabEndpoint> out = new LinkedHashMap<>();
        for (LabEndpoint e : tcpEndpoints().toList()) {
            out.putIfAbsent(address(e), e);
        }
        return out;
    }

    private static String address(LabEndpoint e) {
        return e.address().getHostAddress() + ":" + e.port();
    }

    @Test
    void bareAddressScanWritesOneRecordPerProbeToTheFileAndNothingOnStderrWithQuiet() throws Exception {
        Map<String, LabEndpoint> endpoints = byAddress();
        Path out = dir.resolve("bare.ndjson");
        List<String> args = new ArrayList<>(List.of("scan", "--ca-file", caFile.toString(), "-o", out.toString(), "-q"));
        args.addAll(endpoints.keySet());

        CliProcess.Result r = CliProcess.run(args.toArray(String[]::new));

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("", r.stdout(), "records go to -o, not stdout");
        assertEquals("", r.stderr(), "-q: nothing on stderr for a scan that finished");
        List<JsonNode> records = parse(Files.readAllLines(out));
        assertEquals(endpoints.size(), records.size(), records::toString);
        Set<String> seen = new TreeSet<>();
        for (JsonNode record : records) {
            String key = record.get("ip").asText() + ":" + record.get("port").asInt();
            assertTrue(seen.add(key), "one record per probe: " + key);
            LabEndpoint e = endpoints.get(key);
            assertTrue(e != null, "a record for a probe nobody asked for: " + key);
            assertTrue(record.get("sni").isNull(), "bare address, no SNI: " + record);
            assertEquals(e.expectedStatus(), record.get("status").asText(), e.name() + ": " + record);
            Set<String> findings = findings(record);
            // The certificate facts that do not depend on the name hold without SNI too; the name
            // checks need --sni (next test).
            for (String nameIndependent : List.of("expired", "self_signed", "incomplete_chain", "untrusted")) {
                assertEquals(e.expectedFindings().contains(nameIndependent), findings.contains(nameIndependent),
                        e.name() + " " + nameIndependent + ": " + record);
            }
        }
    }

    /** Argument sources of a parameterized test run after {@code @BeforeAll}: the lab is up. */
    static Stream<LabEndpoint> namedEndpoints() {
        return tcpEndpoints().filter(e -> e.sni() != null);
    }

    /** The TCP endpoints: a bare ip:port token means TCP; the lab's QUIC endpoint is covered by the demo test. */
    private static Stream<LabEndpoint> tcpEndpoints() {
        return lab.endpoints().stream().filter(e -> e.transport() == Transport.TCP);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedEndpoints")
    void namedProbeGivesExactlyWhatTheLabWasBuiltToShow(LabEndpoint e) throws Exception {
        CliProcess.Result r = CliProcess.run("scan", address(e), "--sni", e.sni(), "--ca-file", caFile.toString(),
                "-q");

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("", r.stderr(), r.toString());
        List<JsonNode> records = parse(r.stdoutLines());
        assertEquals(1, records.size(), r.toString());
        JsonNode record = records.get(0);
        assertEquals(e.sni(), record.get("sni").asText());
        assertEquals(e.expectedStatus(), record.get("status").asText(), record.toString());
        assertEquals(new TreeSet<>(e.expectedFindings()), findings(record), record.toString());
        if (e.expectedStatus().equals("success")) {
            assertFalse(record.get("cert").isNull(), record.toString());
            assertEquals(!e.expectedFindings().contains("untrusted"),
                    record.get("verdict").get("trusted").asBoolean(), record.toString());
            assertEquals(e.expectedFindings().contains("name_mismatch"),
                    !record.get("verdict").get("hostname_match").asBoolean(), record.toString());
        }
    }

    @Test
    void withoutQuietTheSummaryGoesToStderrAndRecordsToStdout() throws Exception {
        Map<String, LabEndpoint> endpoints = byAddress();
        List<String> args = new ArrayList<>(List.of("scan", "--ca-file", caFile.toString(), "--seed", "5"));
        args.addAll(endpoints.keySet());

        CliProcess.Result r = CliProcess.run(args.toArray(String[]::new));

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(endpoints.size(), parse(r.stdoutLines()).size(), r.toString());
        assertTrue(r.stderr().contains("seed 5"), r.toString());
        assertTrue(r.stderr().contains("by status:"), r.toString());
        assertTrue(r.stderr().lines().anyMatch(l -> l.matches("\\s+refused\\s+1")), r.toString());
        assertTrue(r.stderr().lines().anyMatch(l -> l.matches("\\s+not_tls\\s+1")), r.toString());
    }

    @Test
    void withoutTheLabRootTheGoodVhostIsUntrusted() throws Exception {
        LabEndpoint www = lab.endpoints().get(0);
        assertEquals("success", www.expectedStatus());
        assertTrue(www.expectedFindings().isEmpty());

        // default trust = the JDK's public roots, which do not include a root made a second ago
        CliProcess.Result r = CliProcess.run("scan", address(www), "--sni", www.sni(), "-q");

        assertEquals(0, r.exitCode(), r.toString());
        JsonNode record = parse(r.stdoutLines()).get(0);
        assertEquals("success", record.get("status").asText());
        assertFalse(record.get("verdict").get("trusted").asBoolean(), record.toString());
        // (incomplete_chain comes with it: the served chain stops at an issuer that is not an anchor)
        assertTrue(findings(record).contains("untrusted"), record.toString());
    }

    /** --sni-names: one record per variant, no SNI first, and the no-SNI line carries the sni_matrix. */
    @Test
    void sniNamesWriteTheMatrixOnTheNoSniRecord() throws Exception {
        LabEndpoint vhost = lab.endpoints().get(0);
        String www = "www." + DemoLab.DOMAIN;
        String api = "api." + DemoLab.DOMAIN;
        CliProcess.Result r = CliProcess.run("scan", address(vhost), "--ca-file", caFile.toString(), "-q",
                "--sni-names", www + "," + api);

        assertEquals(0, r.exitCode(), r.toString());
        List<JsonNode> records = parse(r.stdoutLines());
        assertEquals(3, records.size(), r.toString());
        assertTrue(records.get(0).get("sni").isNull(), "no SNI first: " + r.stdout());
        assertEquals(www, records.get(1).get("sni").asText());
        assertEquals(api, records.get(2).get("sni").asText());
        JsonNode matrix = records.get(0).get("sni_matrix");
        assertEquals(records.get(1).get("cert").get("sha256").asText(), matrix.get("default_cert").asText());
        assertFalse(matrix.get("sni_required").asBoolean());
        assertEquals(2, matrix.get("names").size());
        assertEquals(api, matrix.get("names").get(1).get("sni").asText());
        assertEquals(records.get(2).get("cert").get("sha256").asText(),
                matrix.get("names").get(1).get("cert_sha256").asText());
        assertEquals(2, matrix.get("certs").size(), matrix.toString());
        assertTrue(records.get(1).get("sni_matrix").isNull());
    }

    private static List<JsonNode> parse(List<String> lines) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : lines) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static Set<String> findings(JsonNode record) {
        Set<String> codes = new TreeSet<>();
        record.get("findings").forEach(f -> codes.add(f.get("code").asText()));
        return codes;
    }
}
