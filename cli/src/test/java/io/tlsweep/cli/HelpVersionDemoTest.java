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
        assertTrue(r.stdout().startsWith("Usage: " + qualified), r.toString());
        List<String> lines = r.stdoutLines();
        int examples = lines.indexOf("Examples:");
        assertTrue(examples > 0, "an Examples: section\n" + r);
        assertTrue(lines.size() > examples + 1 && lines.get(examples + 1).startsWith("  tlsweep "),
                "examples are command lines\n" + r);
    }

    @Test
    void scanHelpListsTheExitCodes() throws Exception {
        CliProcess.Result r = CliProcess.run("scan", "--help");
        assertTrue(r.stdout().contains("Exit codes: 0 "), r.toString());
        for (int code : new int[] {ExitCodes.OK, ExitCodes.INTERNAL, ExitCodes.BAD_INPUT, ExitCodes.OUTPUT_CLOSED,
            ExitCodes.INTERRUPTED}) {
            assertTrue(r.stdout().contains(" " + code + " "), "exit code " + code + " documented\n" + r);
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
        for (String line : lines) {
            JsonNode record = json.readTree(line);
            assertTrue(record.get("ip").asText().startsWith("127.0.0."), line);
        }
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
