package io.tlsweep.core.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChallengeTokenTest {

    @Test
    void fortyThreeBase64UrlCharactersFreshEachTime() {
        Set<String> seen = new HashSet<>();
        boolean dash = false;
        boolean underscore = false;
        for (int i = 0; i < 2000; i++) {
            String t = ChallengeToken.random();
            assertEquals(ChallengeToken.LENGTH, t.length(), t);
            assertTrue(t.matches("[A-Za-z0-9_-]{43}"), t);
            assertTrue(seen.add(t), "repeated token " + t);
            dash |= t.indexOf('-') >= 0;
            underscore |= t.indexOf('_') >= 0;
        }
        // The url-safe alphabet, not the standard one with '+' and '/'.
        assertTrue(dash && underscore, "2000 tokens without '-' or '_' would mean the wrong alphabet");
    }
}
