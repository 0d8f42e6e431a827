package io.tlsweep.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI as a real child JVM ({@code java -cp <test classpath> io.tlsweep.cli.Main ...}), so
 * exit codes, stdout and stderr are what a shell sees: {@code System.exit}, uncaught-exception
 * output and JVM warnings included.
 *
 * <pre>{@code
 * CliProcess.Result r = CliProcess.run("scan", "10.0.0.0/33", "--dry-run");
 * assertEquals(2, r.exitCode());
 * }</pre>
 */
final class CliProcess {

    /**
     * How long a child may run before the test calls it hung. A guard, not a measurement: every
     * command here finishes in a few seconds on an idle machine; the margin is for a loaded one.
     */
    static final long HANG_GUARD_SECONDS = 120;

    /** Quick start-up for short-lived children on a shared 2-core machine: C1 only, serial GC. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xmx256m");

    private CliProcess() {
    }

    /** What one run printed and returned. */
    record Result(int exitCode, String stdout, String stderr) {

        List<String> stdoutLines() {
            return lines(stdout);
        }

        List<String> stderrLines() {
            return lines(stderr);
        }

        /** Lines as a terminal shows them: any of \n, \r, \r\n ends one, no empty line after the last. */
        private static List<String> lines(String text) {
            return text.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + abbreviate(stdout) + "--- stderr\n" + abbreviate(stderr);
        }

        private static String abbreviate(String s) {
            return s.length() <= 4000 ? s : s.substring(0, 4000) + "...\n";
        }
    }

    /** Runs to the end with an empty stdin. */
    static Result run(String... args) throws IOException, InterruptedException {
        return runWithStdin("", args);
    }

    /** Runs to the end, feeding {@code stdin} then closing it. */
    static Result runWithStdin(String stdin, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("tlsweep-cli-", ".stdout");
        Path err = Files.createTempFile("tlsweep-cli-", ".stderr");
        try {
            // Files, not pipes, for stdout and stderr: nothing can block on a full pipe buffer.
            Process p = builder(args)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            int code = awaitExit(p, args);
            return new Result(code, Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A ready builder for callers that need the child's pipes themselves (the closed-pipe test). */
    static ProcessBuilder builder(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        // a developer's debug setting must not change what the tests see
        pb.environment().remove("TLSWEEP_DEBUG");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        return pb;
    }

    /** Waits for the exit code; kills the child and fails the test if it outlives the hang guard. */
    static int awaitExit(Process p, String... args) throws InterruptedException {
        if (!p.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            fail("tlsweep " + String.join(" ", args) + " did not exit within " + HANG_GUARD_SECONDS + "s");
        }
        return p.exitValue();
    }
}
