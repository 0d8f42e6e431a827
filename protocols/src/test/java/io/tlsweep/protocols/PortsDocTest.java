package io.tlsweep.protocols;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * docs/ports.md must list exactly the catalogue, row for row, so the two cannot drift. On a
 * mismatch the expected table is written to protocols/target/ports.md to copy over.
 */
class PortsDocTest {

    private static final String HEADER = "| Service | Port | Transport | Mode | Protocol | Sets | Notes |";

    @Test
    void docsPortsMdMatchesTheCatalogue() throws IOException {
        Path doc = repoRoot().resolve("docs/ports.md");
        List<String> actual = tableRows(Files.readAllLines(doc));
        List<String> expected = new ArrayList<>();
        for (PortEntry entry : PortCatalogue.entries()) {
            expected.add(row(entry));
        }
        if (!expected.equals(actual)) {
            Path out = Path.of("target", "ports.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, HEADER + "\n|---|---|---|---|---|---|---|\n" + String.join("\n", expected) + "\n");
        }
        assertEquals(expected, actual, "docs/ports.md drifted from PortCatalogue; expected table in " + Path.of("target/ports.md").toAbsolutePath());
    }

    /** The rows of the one catalogue table, cells trimmed and re-joined so spacing does not matter. */
    static List<String> tableRows(List<String> lines) {
        List<String> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines) {
            String normalised = normalise(line);
            if (normalised.equals(HEADER)) {
                inTable = true;
            } else if (inTable && normalised.matches("\\|( :?-+:? \\|)+")) {
                continue; // the |---|---| separator row
            } else if (inTable && normalised.startsWith("|")) {
                rows.add(normalised);
            } else if (inTable) {
                break;
            }
        }
        return rows;
    }

    private static String normalise(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("|")) {
            return trimmed;
        }
        String[] cells = trimmed.substring(1, trimmed.length() - (trimmed.endsWith("|") ? 1 : 0)).split("\\|", -1);
        StringBuilder out = new StringBuilder("|");
        for (String cell : cells) {
            out.append(' ').append(cell.strip()).append(" |");
        }
        return out.toString().replace("|  |", "| |");
    }

    static String row(PortEntry e) {
        return normalise("| " + e.service() + " | " + e.port() + " | " + e.transport().wire() + " | "
                + e.mode().name().toLowerCase(Locale.ROOT) + " | " + e.protocol() + " | "
                + String.join(", ", new java.util.TreeSet<>(e.sets())) + " | " + e.notes() + " |");
    }

    /** Walks up from the working directory to the directory holding the parent pom and docs/. */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("docs")) && Files.isRegularFile(dir.resolve("pom.xml"))
                && Files.isDirectory(dir.resolve("protocols")))) {
            dir = dir.getParent();
        }
        assertNotNull(dir, "repository root (with docs/ and protocols/) not found above " + Path.of("").toAbsolutePath());
        return dir;
    }
}
