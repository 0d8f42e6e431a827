package io.tlsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tlsweep inspect} in a child JVM on chains made by the test PKI: the verdicts and findings a
 * scan would give for the same chain served, and one clear line with exit 2 for every bad input.
 */
class InspectCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "www.inspect.tlsweep.test";

    @TempDir
    static Path dir;

    static Path root;
    static Path fullChain;
    static Path leafOnly;
    static Path selfSigned;
    static Path keyAndChain;
    static HeldCertificate good;

    @BeforeAll
    static void pki() throws Exception {
        TestPki pki = TestPki.create("inspect");
        good = pki.leaf().dnsNames(NAME).ipAddresses("127.0.0.9").build();
        root = Files.writeString(dir.resolve("root.pem"), pki.root().certificatePem());
        fullChain = Files.writeString(dir.resolve("fullchain.pem"), good.chainPem());
        leafOnly = Files.writeString(dir.resolve("leaf.pem"), good.certificatePem());
        selfSigned = Files.writeString(dir.resolve("self.pem"),
                pki.leaf().dnsNames(NAME).selfSigned().build().certificatePem());
        // A key file with the chain after it, as some servers keep them: only the certificates count.
        keyAndChain = Files.writeString(dir.resolve("key-and-chain.pem"), good.privateKeyPem() + good.chainPem());
    }

    private static JsonNode inspect(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("inspect"));
        all.addAll(List.of(args));
        CliProcess.Result r = CliProcess.run(all.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("", r.stderr(), r.toString());
        assertEquals(1, r.stdoutLines().size(), r.toString());
        return JSON.readTree(r.stdoutLines().get(0));
    }

    private static TreeSet<String> codes(JsonNode n) {
        TreeSet<String> out = new TreeSet<>();
        n.get("findings").forEach(f -> out.add(f.get("code").asText()));
        return out;
    }

    @Test
    void aGoodChainForItsNameIsTrustedWithNoFinding() throws Exception {
        JsonNode n = inspect("--chain", fullChain.toString(), "--name", NAME, "--ca-file", root.toString());
        assertEquals(fullChain.toString(), n.get("file").asText());
        assertEquals(NAME, n.get("name").asText());
        assertEquals(NAME, n.get("verdict").get("name_checked").asText());
        assertTrue(n.get("verdict").get("hostname_match").asBoolean());
        assertTrue(n.get("verdict").get("trusted").asBoolean());
        assertTrue(n.get("verdict").get("chain_complete").asBoolean());
        assertEquals(new TreeSet<>(), codes(n), n.toString());
        assertEquals(good.certificate().getSerialNumber().toString(16),
                n.get("cert").get("serial").asText().replaceFirst("^0+", "").toLowerCase());
        assertEquals(1, n.get("chain").size(), "the intermediate after the leaf");
        Instant at = Instant.parse(n.get("at").asText());
        assertTrue(Math.abs(ChronoUnit.SECONDS.between(at, Instant.now())) < 300, "judged now: " + at);
    }

    @Test
    void anIpAddressNameIsCheckedAgainstTheIpSans() throws Exception {
        JsonNode n = inspect("--chain", fullChain.toString(), "--name", "127.0.0.9", "--ca-file", root.toString());
        assertTrue(n.get("verdict").get("hostname_match").asBoolean(), n.toString());
        JsonNode other = inspect("--chain", fullChain.toString(), "--name", "127.0.0.8", "--ca-file", root.toString());
        assertEquals(new TreeSet<>(List.of("name_mismatch")), codes(other), other.toString());
    }

    @Test
    void atMovesTheClockForExpiryAndNotYetValid() throws Exception {
        Instant notAfter = good.certificate().getNotAfter().toInstant();
        JsonNode later = inspect("--chain", fullChain.toString(), "--name", NAME, "--ca-file", root.toString(),
                "--at", notAfter.plus(2, ChronoUnit.DAYS).toString());
        assertEquals(new TreeSet<>(List.of("expired")), codes(later), later.toString());
        assertTrue(later.get("verdict").get("expired").asBoolean());
        assertTrue(later.get("verdict").get("trusted").asBoolean(), "trust is judged inside the validity");

        JsonNode earlier = inspect("--chain", fullChain.toString(), "--name", NAME, "--ca-file", root.toString(),
                "--at", "2000-01-01");
        assertEquals("2000-01-01T00:00:00.000Z", earlier.get("at").asText());
        assertTrue(codes(earlier).contains("not_yet_valid"), earlier.toString());

        JsonNode offset = inspect("--chain", fullChain.toString(), "--at", "2000-01-01T02:00:00+02:00");
        assertEquals("2000-01-01T00:00:00.000Z", offset.get("at").asText());
    }

    @Test
    void withoutANameNothingAboutNamesIsSaid() throws Exception {
        JsonNode n = inspect("--chain", fullChain.toString(), "--ca-file", root.toString());
        assertTrue(n.get("name").isNull());
        assertTrue(n.get("verdict").get("name_checked").isNull());
        assertEquals(new TreeSet<>(), codes(n), n.toString());
    }

    @Test
    void aMissingIntermediateASelfSignedLeafAndForeignRootsAreFound() throws Exception {
        JsonNode leaf = inspect("--chain", leafOnly.toString(), "--name", NAME, "--ca-file", root.toString());
        assertTrue(codes(leaf).contains("incomplete_chain"), leaf.toString());
        assertFalse(leaf.get("verdict").get("chain_complete").asBoolean());

        JsonNode self = inspect("--chain", selfSigned.toString(), "--name", NAME, "--ca-file", root.toString());
        assertTrue(codes(self).contains("self_signed"), self.toString());
        assertFalse(self.get("verdict").get("trusted").asBoolean());

        // The JDK's public roots do not know the test PKI.
        JsonNode jdk = inspect("--chain", fullChain.toString(), "--name", NAME);
        assertTrue(codes(jdk).contains("untrusted"), jdk.toString());
    }

    @Test
    void otherPemBlocksAroundTheChainAreSkipped() throws Exception {
        JsonNode n = inspect("--chain", keyAndChain.toString(), "--name", NAME, "--ca-file", root.toString());
        assertEquals(new TreeSet<>(), codes(n), n.toString());
        assertEquals(1, n.get("chain").size());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "no PEM here\n");
        Path keyOnly = Files.writeString(dir.resolve("key.pem"), good.privateKeyPem());
        Path broken = Files.writeString(dir.resolve("broken.pem"),
                "-----BEGIN CERTIFICATE-----\nMIIBroken!!\n-----END CERTIFICATE-----\n");
        String[][] cases = {
                {"/nonexistent/chain.pem", "inspect", "--chain", "/nonexistent/chain.pem"},
                {empty.toString(), "inspect", "--chain", empty.toString()},
                {keyOnly.toString(), "inspect", "--chain", keyOnly.toString()},
                {broken.toString(), "inspect", "--chain", broken.toString()},
                {dir.toString(), "inspect", "--chain", dir.toString()},
                {"'2027-13-01'", "inspect", "--chain", fullChain.toString(), "--at", "2027-13-01"},
                {"'yesterday'", "inspect", "--chain", fullChain.toString(), "--at", "yesterday"},
                {"'a b'", "inspect", "--chain", fullChain.toString(), "--name", "a b"},
                {"'-bad-.test'", "inspect", "--chain", fullChain.toString(), "--name", "-bad-.test"},
                {"/nonexistent/root.pem", "inspect", "--chain", fullChain.toString(), "--ca-file", "/nonexistent/root.pem"},
                {"--chain", "inspect"},
                {"--bogus", "inspect", "--chain", fullChain.toString(), "--bogus"},
        };
        for (String[] c : cases) {
            String token = c[0];
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            CliProcess.Result r = CliProcess.run(args);
            String what = String.join(" ", args) + " -> " + r;
            assertEquals(2, r.exitCode(), what);
            assertEquals("", r.stdout(), what);
            assertEquals(1, r.stderrLines().size(), what);
            String line = r.stderrLines().get(0);
            assertTrue(line.startsWith("tlsweep: "), what);
            assertTrue(line.contains(token), "names the bad token " + token + ": " + what);
            assertFalse(line.contains("Exception") || line.contains("\tat "), what);
        }
    }
}
