package io.tlsweep.core.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JarmHashTest {

    @Test
    void allFailedIs62Zeros() {
        assertEquals("0".repeat(62), JarmHash.of("|||,|||,|||,|||,|||,|||,|||,|||,|||,|||"));
    }

    @Test
    void agreesWithTheReferenceOnRecordedRawStrings() {
        List<String[]> rows = ReferenceFixtures.rows("jarm-reference-hashes.tsv", "\t");
        assertTrue(rows.size() >= 60);
        for (String[] row : rows) {
            String raw = new String(HexFormat.of().parseHex(row[0]), StandardCharsets.UTF_8);
            assertEquals(row[1], JarmHash.of(raw), raw);
        }
    }

    @Test
    void suiteIndexAndVersionLetterFollowTheReference() {
        assertEquals("00", JarmHash.suiteIndex(""));
        assertEquals("01", JarmHash.suiteIndex("0004"));
        assertEquals("45", JarmHash.suiteIndex("1305"));
        assertEquals("46", JarmHash.suiteIndex("abcd")); // not in the list: one past its end
        assertEquals("d", JarmHash.versionLetter("0303"));
        assertEquals("a", JarmHash.versionLetter("0300"));
        assertEquals("0", JarmHash.versionLetter(""));
    }

    @Test
    void anyStringHashesWithoutThrowing() {
        Random random = new Random(7002);
        String alphabet = "|,0123456789abcdef-h2/";
        for (int i = 0; i < 5_000; i++) {
            StringBuilder raw = new StringBuilder();
            for (int n = random.nextInt(120); n > 0; n--) {
                raw.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String hash = JarmHash.of(raw.toString());
            // Three characters per answer, as the reference (ten answers: 62 characters).
            int answers = raw.toString().split(",", -1).length;
            assertEquals(3 * answers + 32, hash.length(), raw + " -> " + hash);
        }
    }
}
