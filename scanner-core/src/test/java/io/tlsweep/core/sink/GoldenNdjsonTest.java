package io.tlsweep.core.sink;

import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The NDJSON layout, byte for byte: one line per {@link Status}, from {@link SampleRecords}. A diff
 * here is a change every consumer of tlsweep output sees, so it must be deliberate and reviewed.
 */
class GoldenNdjsonTest {

    private static final String UPDATE_PROPERTY = "golden.update";

    static String render() {
        NdjsonWriter writer = new NdjsonWriter();
        StringBuilder b = new StringBuilder();
        for (ScanRecord r : SampleRecords.all()) {
            b.append(writer.toLine(r));
        }
        return b.toString();
    }

    @Test
    void outputMatchesTheGoldenFileByteForByte() throws Exception {
        Path golden = RepoFiles.goldenSample();
        byte[] actual = render().getBytes(StandardCharsets.UTF_8);
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.createDirectories(golden.getParent());
            Files.write(golden, actual);
            System.err.println("golden file rewritten: " + golden);
            return;
        }
        if (!Files.exists(golden)) {
            fail("missing " + golden + "; create it with: mvn -B -o -pl scanner-core -am test"
                    + " -Dtest=GoldenNdjsonTest -Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE_PROPERTY + "=true");
        }
        String expected = Files.readString(golden, StandardCharsets.UTF_8);
        String got = new String(actual, StandardCharsets.UTF_8);
        if (!expected.equals(got)) {
            List<String> e = expected.lines().toList();
            List<String> g = got.lines().toList();
            int i = 0;
            while (i < Math.min(e.size(), g.size()) && e.get(i).equals(g.get(i))) {
                i++;
            }
            fail("NDJSON output differs from " + golden + " at line " + (i + 1) + "\n expected: "
                    + (i < e.size() ? e.get(i) : "<end>") + "\n actual:   " + (i < g.size() ? g.get(i) : "<end>")
                    + "\nIf the change is intended (and docs/schema.md, docs/schema.json and, for a breaking"
                    + " change, ScanRecord.SCHEMA_VERSION say so), regenerate it with:\n  mvn -B -o -pl scanner-core"
                    + " -am test -Dtest=GoldenNdjsonTest -Dsurefire.failIfNoSpecifiedTests=false -D"
                    + UPDATE_PROPERTY + "=true");
        }
    }

    @Test
    void theGoldenFileHasOneLinePerStatus() throws Exception {
        assumeFalse(Boolean.getBoolean(UPDATE_PROPERTY), "the file is being rewritten by the other test");
        List<String> lines = Files.readAllLines(RepoFiles.goldenSample(), StandardCharsets.UTF_8);
        // one line per status, then the web-layer shapes (SampleRecords.webLayer), then an enumeration,
        // then the --jarm records (SampleRecords.jarmed)
        assertEquals(Status.values().length + SampleRecords.webLayer().size() + 1 + SampleRecords.jarmed().size(),
                lines.size());
        for (int i = 0; i < Status.values().length; i++) {
            String status = NdjsonWriterTest.STRICT.readTree(lines.get(i)).get("status").asText();
            assertEquals(Status.values()[i].wire(), status, "line " + (i + 1));
        }
    }
}
