package io.tlsweep.core.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JarmAnswerTest {

    private static final HexFormat HEX = HexFormat.of();

    /** Real answers (openssl s_server, TLS 1.2 and 1.3) and mutations of them, as the reference read them. */
    @Test
    void agreesWithTheReferenceOnEveryRecordedCase() {
        List<String[]> rows = ReferenceFixtures.rows("jarm-reference-answers.tsv", "\t");
        assertTrue(rows.size() >= 200, "fixture rows: " + rows.size());
        int answered = 0;
        for (String[] row : rows) {
            byte[] input = HEX.parseHex(row[0]);
            String expected = new String(HEX.parseHex(row[1]), StandardCharsets.UTF_8);
            assertEquals(expected, JarmAnswer.of(input), "input " + row[0]);
            answered += expected.equals(JarmAnswer.FAILED) ? 0 : 1;
        }
        assertTrue(answered >= 50, "the fixture must hold real answers too: " + answered);
    }

    @Test
    void noDataAndAlertsAreFailedAnswers() {
        assertEquals("|||", JarmAnswer.of(null));
        assertEquals("|||", JarmAnswer.of(new byte[0]));
        assertEquals("|||", JarmAnswer.of(HEX.parseHex("15030300020228")));
    }

    @Test
    void readsOnlyTheReferencesFirstRecv() {
        byte[] tls12 = HEX.parseHex(ReferenceFixtures.rows("jarm-reference-answers.tsv", "\t").get(10)[0]);
        byte[] longer = java.util.Arrays.copyOf(tls12, 4000);
        assertEquals(JarmAnswer.of(java.util.Arrays.copyOf(longer, JarmAnswer.REFERENCE_READ)), JarmAnswer.of(longer));
    }

    @Test
    void randomInputNeverThrows() {
        Random random = new Random(7001);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(300)];
            random.nextBytes(b);
            if (b.length > 5 && random.nextBoolean()) {
                b[0] = 22;
                b[5] = 2;
            }
            String answer = JarmAnswer.of(b);
            assertTrue(answer.equals("|||") || answer.chars().filter(c -> c == '|').count() >= 3, answer);
        }
    }
}
