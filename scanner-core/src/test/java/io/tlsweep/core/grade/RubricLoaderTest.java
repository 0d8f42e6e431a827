package io.tlsweep.core.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The loader refuses every malformed rubric with the line number, and accepts the shipped one. */
class RubricLoaderTest {

    /** A minimal valid rubric; line numbers below count from its first line (1). */
    private static final List<String> MINIMAL = List.of(
            "# comment",
            "p\tprotocol\talways\tpoints:100\tx",
            "k\tkex\talways\tpoints:100\tx",
            "c\tcipher\talways\tpoints:100\tx",
            "wp\tweight\talways\tweight:protocol=30\tx",
            "wk\tweight\talways\tweight:kex=30\tx",
            "wc\tweight\talways\tweight:cipher=40\tx",
            "l\tletter\talways\tletter:F\tx");

    private static Rubric load(List<String> lines) throws IOException {
        return Rubric.load(new StringReader(String.join("\n", lines) + "\n"), "test.tsv");
    }

    private static List<String> with(String line) {
        List<String> lines = new ArrayList<>(MINIMAL);
        lines.add(line);
        return lines;
    }

    @Test
    void shippedRubricLoads() {
        Rubric r = Rubric.standard();
        assertTrue(r.ids().size() > 40, r.ids().toString());
        assertTrue(r.ids().containsAll(List.of("cert.expired", "cert.name_mismatch", "cert.untrusted", "cap.sslv3",
                "cap.anonymous", "bonus.a_plus", "cap.enum_incomplete", "cert.missing")));
    }

    @Test
    void minimalRubricLoads() throws IOException {
        assertEquals(List.of("p", "k", "c", "wp", "wk", "wc", "l"), load(MINIMAL).ids());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "x\tcap\tfinding:expired\tcap:T|expected 5 TAB-separated columns",
            "x\tcap\tfinding:expired\tcap:T\twhy\textra|expected 5 TAB-separated columns",
            "x\tcaps\tfinding:expired\tcap:T\twhy|unknown kind 'caps'",
            "x\tcap\tfindings:expired\tcap:T\twhy|unknown condition 'findings:expired'",
            "x\tcap\tfinding:expird\tcap:T\twhy|unknown finding code",
            "x\tcap\taccepted:TLSv1.4\tcap:B\twhy|unknown version",
            "x\tcap\tkey_bits<abc\tcap:B\twhy|needs a whole number",
            "x\tcap\tbits<512\tcap:B\twhy|not allowed in a cap rule",
            "x\tcap\tscore>=80\tcap:B\twhy|not allowed in a cap rule",
            "x\tcap\tfinding:expired & \tcap:B\twhy|unknown condition ''",
            "x\tcap\tfinding:expired\tcap:G\twhy|names no letter",
            "x\tcap\tfinding:expired\tcapped:B\twhy|unknown effect 'capped'",
            "x\tcap\tfinding:expired\tletter:B\twhy|takes effect cap",
            "x\tbonus\tletter:A\tbonus:A\twhy|the only bonus is bonus:A+",
            "x\tbonus\tletter:Q\tbonus:A+\twhy|unknown letter",
            "'x\tcap\tfinding:expired\tcap:T\t '|column 5 is empty",
            "X Y\tcap\tfinding:expired\tcap:T\twhy|bad id",
            "p\tcap\tfinding:expired\tcap:T\twhy|duplicate id 'p'",
            "x\tscore\talways\ttotal:101\twhy|outside 0-100",
            "x\tcap\tfinding\tcap:T\twhy|unknown condition 'finding'"})
    void malformedLineFailsWithItsLineNumber(String line, String message) {
        RubricException e = assertThrows(RubricException.class, () -> load(with(line)));
        assertTrue(e.getMessage().startsWith("test.tsv line 9: "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void tableMustEndInACatchAll() {
        List<String> lines = new ArrayList<>(MINIMAL);
        lines.set(2, "k\tkex\tbits<512\tpoints:100\tx");
        RubricException e = assertThrows(RubricException.class, () -> load(lines));
        assertEquals("test.tsv line 3: the last kex rule must have condition 'always' (a catch-all)", e.getMessage());
    }

    @Test
    void rowAfterTheCatchAllIsUnreachable() {
        RubricException e = assertThrows(RubricException.class,
                () -> load(with("p2\tprotocol\tversion:TLSv1\tpoints:90\tx")));
        assertTrue(e.getMessage().startsWith("test.tsv line 9: unreachable protocol rule"), e.getMessage());
    }

    @Test
    void weightsMustSumTo100AndCoverEveryCategory() {
        List<String> lines = new ArrayList<>(MINIMAL);
        lines.set(6, "wc\tweight\talways\tweight:cipher=41\tx");
        assertTrue(assertThrows(RubricException.class, () -> load(lines)).getMessage().contains("sum to 101"));
        lines.set(6, "wc\tweight\talways\tweight:kex=40\tx");
        assertTrue(assertThrows(RubricException.class, () -> load(lines)).getMessage()
                .contains("line 7: second weight for kex"));
        lines.remove(6);
        assertTrue(assertThrows(RubricException.class, () -> load(lines)).getMessage().contains("weights needed"));
    }

    @Test
    void missingTableFails() {
        List<String> lines = new ArrayList<>(MINIMAL);
        lines.remove(7);
        assertTrue(assertThrows(RubricException.class, () -> load(lines)).getMessage().contains("no letter rule"));
    }

    /** Random damage to the shipped rubric: the loader either accepts it or throws RubricException, nothing else. */
    @Test
    void randomlyDamagedRubricsFailOnlyWithRubricException() throws IOException {
        List<String> shipped = new ArrayList<>();
        for (String[] cols : RubricLineTest.rubricLines()) {
            shipped.add(String.join("\t", cols));
        }
        String alphabet = "\t &|!:<>=+-_.abcxyzAFT0123456789\u00e9\n";
        Random random = new Random(20261130);
        int refused = 0;
        for (int round = 0; round < 3000; round++) {
            StringBuilder text = new StringBuilder(String.join("\n", shipped));
            int edits = 1 + random.nextInt(4);
            for (int i = 0; i < edits; i++) {
                int at = random.nextInt(text.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> {
                        if (at < text.length()) {
                            text.deleteCharAt(at);
                        }
                    }
                    default -> {
                        if (at < text.length()) {
                            text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        }
                    }
                }
            }
            try {
                Rubric.load(new StringReader(text.toString()), "fuzz");
            } catch (RubricException expected) {
                refused++;
            }
        }
        assertTrue(refused > 1000, "only " + refused + " of 3000 damaged rubrics refused");
    }
}
