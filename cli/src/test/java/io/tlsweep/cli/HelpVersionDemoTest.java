package io.tlsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tlsweep.core.lab.DemoLab;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --help}, {@code --version} and {@code tlsweep demo}, as a user runs them. */
class HelpVersionDemoTest {

    @ParameterizedTest(name = "tlsweep {0} --help")
    @ValueSource(strings = {"", "scan", "demo"})
    void helpOfEveryCommandShowsUsageAndExamples(String command) throws Exception {
        String[] args = command.isEmpty() ? new String[] {"--help"} : new String[] {command, "--help"};
        CliProcess.Result r = CliProcess.run(args);

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("", r.stderr(), r.toString());
        String qualified = command.isEmpty() ? "tlsweep" : "tlsweep " + command;
        List<String> lines = r.stdoutLines();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Usage: " + qualified + " [")), r.toString());
        int examples = lines.indexOf("Examples:");
        assertTrue(examples > 0, "an Examples: section\n" + r);
        assertTrue(lines.size() > examples + 1 && lines.get(examples + 1).startsWith("  tlsweep "),
                "examples are command lines\n" + r);
        // An example wrapped by picocli ("--ca-file corp-root." / "pem") no longer copy-pastes: every
        // example line is a command or an indented shell continuation, and fits in 80 columns.
        int end = examples + 1;
        while (end < lines.size() && !lines.get(end).isEmpty()) {
            end++;
        }
        for (String line : lines.subList(examples + 1, end)) {
            assertTrue(line.startsWith("  tlsweep ") || line.startsWith("    "), "wrapped example: " + line);
        }
        for (String line : lines) {
            assertTrue(line.length() <= 80, "wider than 80 columns: " + line);
        }
    }

    @Test
    void helpParagraphsAreNotBrokenMidSentence() throws Exception {
        // Pre-broken description lines used to be wrapped again, leaving "the certificate" alone
        // on a line with "it presents and ..." below: no line of prose may end far short of the width
        // when the next one continues the sentence in lower case.
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"scan", "--help"},
                new String[] {"demo", "--help"})) {
            List<String> lines = CliProcess.run(args).stdoutLines();
            for (int i = 0; i + 1 < lines.size(); i++) {
                String line = lines.get(i);
                String next = lines.get(i + 1);
                boolean continues = !next.isEmpty() && Character.isLowerCase(next.charAt(0));
                assertTrue(!continues || line.length() > 60, "broken paragraph:\n" + line + "\n" + next);
            }
        }
    }

    @Test
    void scanHelpListsTheExitCodes() throws Exception {
        CliProcess.Result r = CliProcess.run("scan", "--help");
        List<String> lines = r.stdoutLines();
        int table = lines.indexOf("Exit codes:");
        assertTrue(table > 0, r.toString());
        for (int code : new int[] {ExitCodes.OK, ExitCodes.INTERNAL, ExitCodes.BAD_INPUT, ExitCodes.OUTPUT_CLOSED,
            ExitCodes.INTERRUPTED}) {
            assertTrue(lines.subList(table, lines.size()).stream().anyMatch(l -> l.matches("  " + code + " +\\S.*")),
                    "exit code " + code + " documented\n" + r);
        }
    }

    @ParameterizedTest(name = "tlsweep {0} --version")
    @ValueSource(strings = {"", "scan", "demo"})
    void versionNamesTheBuildTheJvmAndTheTlsLibrary(String command) throws Exception {
        String[] args = command.isEmpty() ? new String[] {"--version"} : new String[] {command, "--version"};
        CliProcess.Result r = CliProcess.run(args);

        assertEquals(0, r.exitCode(), r.toString());
        List<String> lines = r.stdoutLines();
        assertEquals(3, lines.size(), r.toString());
        // the Maven version, filtered in at build time (a raw "${project.version}" would fail here)
        assertTrue(lines.get(0).matches("tlsweep \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), lines.get(0));
        assertTrue(lines.get(1).startsWith("Java 17") || lines.get(1).matches("Java \\d+.*"), lines.get(1));
        assertTrue(lines.get(2).startsWith("TLS: ") && lines.get(2).length() > "TLS: ".length(), lines.get(2));
    }

    @Test
    void quietDemoPrintsOneRecordPerLabProbeAndExitsZero() throws Exception {
        int probes;
        try (DemoLab lab = DemoLab.start()) {
            probes = lab.endpoints().size(); // the demo starts its own lab; this one only counts
        }

        CliProcess.Result r = CliProcess.run("demo", "-q");

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("", r.stderr(), r.toString());
        List<String> lines = r.stdoutLines();
        assertEquals(probes, lines.size(), r.toString());
        ObjectMapper json = new ObjectMapper();
        int quic = 0;
        for (String line : lines) {
            JsonNode record = json.readTree(line);
            assertTrue(record.get("ip").asText().startsWith("127.0.0."), line);
            if (record.get("transport").asText().equals("udp")) {
                quic++;
                assertEquals("success", record.get("status").asText(), line);
                assertEquals("quic", record.get("tls_mode").asText(), line);
                assertEquals("h3", record.get("tls").get("alpn").asText(), line);
                assertEquals("v1", record.get("quic").get("version").asText(), line);
            }
        }
        assertEquals(1, quic, "the lab's HTTP/3 endpoint is swept too");
    }

    @Test
    void demoWithoutQuietSaysOkForEveryEndpoint() throws Exception {
        CliProcess.Result r = CliProcess.run("demo");

        assertEquals(0, r.exitCode(), r.toString());
        List<String> verdicts = r.stderrLines().stream().filter(l -> l.matches("  (ok|FAIL) .*")).toList();
        assertTrue(verdicts.size() == r.stdoutLines().size() && verdicts.stream().allMatch(l -> l.startsWith("  ok ")),
                r.toString());
    }
}
