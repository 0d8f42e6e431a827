package io.tlsweep.core.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/grading.md's rule table lists the rubric's ids in the rubric's order, so the doc cannot drift. */
class GradingDocTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|");

    private static Path gradingMd() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/grading.md"))) {
                return p.resolve("docs/grading.md");
            }
        }
        throw new IllegalStateException("no docs/grading.md in " + start + " or any parent directory");
    }

    @Test
    void ruleTableMatchesTheRubric() throws Exception {
        List<String> ids = new ArrayList<>();
        boolean inRules = false;
        for (String line : Files.readAllLines(gradingMd(), StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                inRules = line.equals("## Rules");
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (inRules && m.find()) {
                ids.add(m.group(1));
            }
        }
        assertEquals(Rubric.standard().ids(), ids, "docs/grading.md '## Rules' vs rubric.tsv");
    }
}
