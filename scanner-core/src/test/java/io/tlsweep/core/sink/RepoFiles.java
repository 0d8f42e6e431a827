package io.tlsweep.core.sink;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds files of the repository from a test, whatever directory Maven or an IDE runs it in:
 * walks up from the working directory to the first one holding {@code docs/schema.json}.
 */
final class RepoFiles {

    private RepoFiles() {
    }

    static Path root() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/schema.json"))) {
                return p;
            }
        }
        throw new IllegalStateException("no docs/schema.json in " + start + " or any parent directory");
    }

    static Path schemaJson() {
        return root().resolve("docs/schema.json");
    }

    static Path schemaMd() {
        return root().resolve("docs/schema.md");
    }

    static Path goldenSample() {
        return root().resolve("scanner-core/src/test/resources/golden/sample.ndjson");
    }
}
