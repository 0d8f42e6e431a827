package io.tlsweep.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.result.HttpInfo;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AltSvcParserTest {

    static Stream<Arguments> table() {
        return Stream.of(
                // header, h3, h3_port
                Arguments.of("h3=\":443\"", true, 443),
                Arguments.of("h3=\":443\"; ma=86400", true, 443),
                Arguments.of("h3=\"alt.example:8443\"; ma=3600; persist=1", true, 8443),
                Arguments.of("h3-29=\":443\"; ma=86400", false, null),
                Arguments.of("h3-29=\":443\", h3=\":8443\"", true, 8443),
                Arguments.of("h2=\":443\", h3=\":444\", h3=\":445\"", true, 444),
                Arguments.of("h%33=\":443\"", true, 443),
                Arguments.of("h%3=\":443\"", false, null),
                Arguments.of("H3=\":443\"", false, null),
                Arguments.of("clear", false, null),
                Arguments.of("h3=\"[2001:db8::1]:443\"", true, 443),
                Arguments.of("h3=\"2001:db8::1:443\"", false, null),
                Arguments.of("h3=:443", false, null),
                Arguments.of("h3=\":0\"", false, null),
                Arguments.of("h3=\":65536\"", false, null),
                Arguments.of("h3=\"example.com\"", false, null),
                Arguments.of("h3=\":443\"; ma", false, null),
                Arguments.of("h3=\":443\"; ma, h3=\":9443\"", true, 9443),
                Arguments.of("quic=\":443\"; v=\"1,2\", h3=\":7443\"", true, 7443),
                Arguments.of("h2=\"a,b:1\", h3=\":1\"", true, 1),
                Arguments.of(" , ,h3=\":443\"", true, 443),
                Arguments.of("", false, null));
    }

    @ParameterizedTest
    @MethodSource("table")
    void table(String header, boolean h3, Integer port) {
        HttpInfo.AltSvc a = AltSvcParser.parse(header);
        assertEquals(h3, a.h3(), "h3 of " + header);
        assertEquals(port, a.h3Port(), "h3_port of " + header);
        assertNull(a.h3Reachable(), "filled by the group join, not the parser");
        assertEquals(HeaderText.bounded(header), a.raw());
    }

    /** Lists of alternatives in random order: the first well-formed h3 one is reported. */
    @Test
    void randomLists() {
        Random random = new Random(7838);
        String[] others = {"h2", "h3-29", "h3-Q050", "hq-interop", "h3x", "http%2F1.1"};
        for (int i = 0; i < 5000; i++) {
            StringBuilder header = new StringBuilder();
            Integer firstH3 = null;
            int n = 1 + random.nextInt(5);
            for (int k = 0; k < n; k++) {
                if (k > 0) {
                    header.append(random.nextBoolean() ? ", " : ",");
                }
                int port = 1 + random.nextInt(65535);
                boolean h3 = random.nextInt(3) == 0;
                String id = h3 ? (random.nextBoolean() ? "h3" : "%68%33") : others[random.nextInt(others.length)];
                String host = random.nextBoolean() ? "" : "alt" + random.nextInt(9) + ".example";
                header.append(id).append("=\"").append(host).append(':').append(port).append('"');
                if (random.nextBoolean()) {
                    header.append("; ma=").append(random.nextInt(100000));
                }
                if (random.nextBoolean()) {
                    header.append(" ;persist=\"1,2;3\"");
                }
                if (h3 && firstH3 == null) {
                    firstH3 = port;
                }
            }
            HttpInfo.AltSvc a = AltSvcParser.parse(header.toString());
            assertEquals(firstH3 != null, a.h3(), header::toString);
            assertEquals(firstH3, a.h3Port(), header::toString);
        }
    }

    @Test
    void randomInputNeverThrows() {
        Random random = new Random(99);
        String alphabet = "h3=\":;,%6833ma clear[]\\\t\r\n\u0000\u00ff\u2028-";
        for (int i = 0; i < 20000; i++) {
            int len = random.nextInt(60);
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < len; k++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            HttpInfo.AltSvc a = AltSvcParser.parse(b.toString());
            assertNotNull(a);
            assertEquals(a.h3(), a.h3Port() != null, b::toString);
            if (a.h3Port() != null) {
                assertTrue(a.h3Port() >= 1 && a.h3Port() <= 65535);
            }
        }
    }
}
