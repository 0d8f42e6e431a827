package io.tlsweep.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.result.HttpInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HstsParserTest {

    static Stream<Arguments> table() {
        return Stream.of(
                // header, max_age, includeSubDomains, preload
                Arguments.of("max-age=31536000", 31536000L, false, false),
                Arguments.of("max-age=63072000; includeSubDomains; preload", 63072000L, true, true),
                Arguments.of("MAX-AGE=10;INCLUDESUBDOMAINS", 10L, true, false),
                Arguments.of("max-age=\"300\"", 300L, false, false),
                Arguments.of("  max-age = 5 ;  preload  ", 5L, false, true),
                Arguments.of("max-age=0", 0L, false, false),
                Arguments.of("includeSubDomains; max-age=7", 7L, true, false),
                Arguments.of("max-age=7;;", 7L, false, false),
                Arguments.of("max-age=7; unknown=\"a;b\"; preload", 7L, false, true),
                Arguments.of("max-age=99999999999999999999999", Long.MAX_VALUE, false, false),
                // browsers ignore these: max_age null, the flags still say what was written
                Arguments.of("max-age=1; max-age=2", null, false, false),
                Arguments.of("max-age=1; includeSubDomains; includesubdomains", null, true, false),
                Arguments.of("max-age=abc", null, false, false),
                Arguments.of("max-age=-1", null, false, false),
                Arguments.of("max-age=\"12", null, false, false),
                Arguments.of("max-age=", null, false, false),
                Arguments.of("max-age 10", null, false, false),
                Arguments.of("includeSubDomains", null, true, false),
                Arguments.of("", null, false, false),
                Arguments.of("max-age=1.5", null, false, false));
    }

    @ParameterizedTest
    @MethodSource("table")
    void table(String header, Long maxAge, boolean sub, boolean preload) {
        HttpInfo.Hsts h = HstsParser.parse(header);
        assertEquals(maxAge, h.maxAge(), "max_age of " + header);
        assertEquals(sub, h.includeSubDomains(), "includeSubDomains of " + header);
        assertEquals(preload, h.preload(), "preload of " + header);
        assertEquals(HeaderText.bounded(header), h.raw());
    }

    @Test
    void rawIsEscapedAndBounded() {
        String hostile = "max-age=1\r\n\u0000" + "x".repeat(2000);
        HttpInfo.Hsts h = HstsParser.parse(hostile);
        assertTrue(h.raw().startsWith("max-age=1\\r\\n\\x00"), h.raw());
        assertTrue(h.raw().length() <= HeaderText.MAX_VALUE_BYTES * 4);
        assertNull(h.maxAge(), "a control character is a syntax error");
        assertNull(HstsParser.parse(null));
    }

    /** Well-formed headers in every spelling give exactly their directives. */
    @Test
    void randomWellFormedHeaders() {
        Random random = new Random(6797);
        for (int i = 0; i < 5000; i++) {
            long age = random.nextInt(Integer.MAX_VALUE);
            boolean sub = random.nextBoolean();
            boolean preload = random.nextBoolean();
            List<String> directives = new ArrayList<>();
            directives.add(caseOf(random, "max-age") + ws(random) + "=" + ws(random)
                    + (random.nextBoolean() ? "\"" + age + "\"" : Long.toString(age)));
            if (sub) {
                directives.add(caseOf(random, "includeSubDomains"));
            }
            if (preload) {
                directives.add(caseOf(random, "preload"));
            }
            if (random.nextBoolean()) {
                directives.add("ext-" + random.nextInt(9) + "=\"v;,=" + random.nextInt() + "\"");
            }
            Collections.shuffle(directives, random);
            StringBuilder header = new StringBuilder(ws(random));
            for (String d : directives) {
                header.append(d).append(ws(random)).append(';').append(ws(random));
                if (random.nextInt(5) == 0) {
                    header.append(';');
                }
            }
            HttpInfo.Hsts h = HstsParser.parse(header.toString());
            assertEquals(age, h.maxAge(), header::toString);
            assertEquals(sub, h.includeSubDomains(), header::toString);
            assertEquals(preload, h.preload(), header::toString);
        }
    }

    /** Arbitrary text never throws, and a max-age is only reported when one was written. */
    @Test
    void randomInputNeverThrows() {
        Random random = new Random(42);
        String alphabet = "max-geAGEincludSbDomspr;=\" \t,\\0123456789\r\n\u0000\u00ff\u0100";
        for (int i = 0; i < 20000; i++) {
            int n = random.nextInt(60);
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < n; k++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = b.toString();
            HttpInfo.Hsts h = HstsParser.parse(s);
            assertNotNull(h);
            if (h.maxAge() != null) {
                assertTrue(s.toLowerCase(Locale.ROOT).contains("max-age"), s);
                assertTrue(h.maxAge() >= 0, s);
            }
        }
    }

    private static String caseOf(Random random, String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return b.toString();
    }

    private static String ws(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> " ";
            case 1 -> "\t ";
            default -> "";
        };
    }
}
