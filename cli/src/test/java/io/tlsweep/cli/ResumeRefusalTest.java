package io.tlsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.resume.Checkpoint;
import io.tlsweep.core.resume.CheckpointFile;
import io.tlsweep.core.resume.WrittenLedger;
import io.tlsweep.core.resume.WrittenRanges;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --resume} refusals: each is exit 2 with one line naming what is wrong, and leaves the
 * checkpoint and the output as they were. The scan is 127.0.0.1 on two closed ports (refused at once).
 */
class ResumeRefusalTest {

    @TempDir
    static Path dir;

    static Path output;
    static Path checkpoint;
    static byte[] outputBytes;
    static byte[] checkpointBytes;

    private static String[] scan(String... extra) {
        List<String> args = new ArrayList<>(List.of("scan", "127.0.0.1", "-p", "1,2", "-o", output.toString(),
                "--resume", checkpoint.toString()));
        args.addAll(Arrays.asList(extra));
        return args.toArray(String[]::new);
    }

    @BeforeAll
    static void aCompleteScan() throws Exception {
        output = dir.resolve("out.ndjson");
        checkpoint = dir.resolve("scan.checkpoint");
        CliProcess.Result r = CliProcess.run(scan("-q"));
        assertEquals(0, r.exitCode(), r.toString());
        outputBytes = Files.readAllBytes(output);
        checkpointBytes = Files.readAllBytes(checkpoint);
        assertEquals(2, Files.readAllLines(output).size());
        assertTrue(new String(checkpointBytes).contains("\nstate complete\n"));
    }

    private static void assertRefused(String expected, String... args) throws Exception {
        CliProcess.Result r = CliProcess.run(args);
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("", r.stdout());
        assertEquals(1, r.stderrLines().size(), r.toString());
        assertTrue(r.stderr().startsWith("tlsweep: ") && r.stderr().contains(expected), r.toString());
        assertFalse(r.stderr().contains("Exception"), r.toString());
    }

    private static void assertUntouched() throws Exception {
        assertTrue(Arrays.equals(outputBytes, Files.readAllBytes(output)), "output unchanged");
        assertTrue(Arrays.equals(checkpointBytes, Files.readAllBytes(checkpoint)), "checkpoint unchanged");
    }

    @Test
    void anotherScanAnotherSeedOrAnotherOutputIsRefused() throws Exception {
        assertRefused("is of another scan", scan("127.0.0.2"));
        assertRefused("is of another scan", scan("--exclude", "127.0.0.1"));
        assertRefused("is of another scan", scan("--sni", "a.example"));
        assertRefused("is of another scan", scan("--starttls", "none"));
        assertRefused("differs from the seed", scan("--seed", "1"));
        List<String> elsewhere = new ArrayList<>(Arrays.asList(scan()));
        elsewhere.set(elsewhere.indexOf(output.toString()), dir.resolve("other.ndjson").toString());
        assertRefused("belongs to output", elsewhere.toArray(String[]::new));
        assertUntouched();
    }

    @Test
    void resumeNeedsAnOutputFileAndNoDryRun() throws Exception {
        assertRefused("--resume needs -o FILE", "scan", "127.0.0.1", "--resume", checkpoint.toString());
        assertRefused("--dry-run", scan("--dry-run"));
        assertRefused("is the output file", "scan", "127.0.0.1", "-o", output.toString(), "--resume", output.toString());
        assertUntouched();
    }

    @Test
    void aDamagedOrForeignCheckpointIsRefusedAndKept() throws Exception {
        Path notOne = Files.writeString(dir.resolve("notes.txt"), "my notes\n");
        List<String> args = new ArrayList<>(Arrays.asList(scan()));
        args.set(args.indexOf(checkpoint.toString()), notOne.toString());
        assertRefused("not a tlsweep checkpoint", args.toArray(String[]::new));
        assertEquals("my notes\n", Files.readString(notOne));

        Path damaged = dir.resolve("damaged.checkpoint");
        Files.writeString(damaged, new String(checkpointBytes).replace("\nrecords 2\n", "\nrecords 3\n"));
        args.set(args.indexOf(notOne.toString()), damaged.toString());
        assertRefused("checksum mismatch", args.toArray(String[]::new));
        assertUntouched();
    }

    /** The output lost lines the checkpoint accounts for (edited, or another program wrote it): refused, not patched. */
    @Test
    void anOutputShorterThanTheCheckpointSaysIsRefused() throws Exception {
        Path out = dir.resolve("short.ndjson");
        Path cp = dir.resolve("short.checkpoint");
        Files.write(out, outputBytes);
        Checkpoint done = new CheckpointFile(checkpoint).read().orElseThrow();
        WrittenLedger.Progress p = done.progress();
        new CheckpointFile(cp).write(new Checkpoint(done.fingerprint(), done.seed(), out.toAbsolutePath().toString(),
                false, new WrittenLedger.Progress(true, 1, WrittenRanges.EMPTY, 1, outputBytes.length + 10)));
        assertRefused("does not hold the " + (outputBytes.length + 10) + " bytes",
                "scan", "127.0.0.1", "-p", "1,2", "-o", out.toString(), "--resume", cp.toString());
        assertTrue(Arrays.equals(outputBytes, Files.readAllBytes(out)), "output unchanged");
        assertEquals(2, p.records());

        // positions past the plan's end, with a valid checksum (a hand-made or copied file)
        new CheckpointFile(cp).write(new Checkpoint(done.fingerprint(), done.seed(), out.toAbsolutePath().toString(),
                false, new WrittenLedger.Progress(true, 1, new WrittenRanges.Builder().add(5, 9).build(), 1, 10)));
        assertRefused("beyond the scan's 2",
                "scan", "127.0.0.1", "-p", "1,2", "-o", out.toString(), "--resume", cp.toString());
        assertTrue(Arrays.equals(outputBytes, Files.readAllBytes(out)), "output unchanged");
    }
}
