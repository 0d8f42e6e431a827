package io.tlsweep.protocols;

import io.tlsweep.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortListParserTest {

    @Test
    void acceptedForms() {
        assertArrayEquals(new int[]{443}, PortListParser.parse("443"));
        assertArrayEquals(new int[]{1, 2, 3}, PortListParser.parse("3,1-2"));
        assertArrayEquals(new int[]{80, 443}, PortListParser.parse(" 443 , 80 ,443"));
        assertEquals(1024, PortListParser.parse("1-1024").length);
        assertEquals(65535, PortListParser.parse("1-65535").length);
        assertArrayEquals(new int[]{7, 7 + 1}, PortListParser.parse("7-8"));
        assertArrayEquals(new int[]{5}, PortListParser.parse("5-5"));
        assertArrayEquals(PortCatalogue.set("tls"), PortListParser.parse("TLS"));
        assertArrayEquals(new int[]{443, 8080, 8443, 9000, 9001, 9002}, PortListParser.parse("web,8080,9000-9002,443"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "443,70000;     bad port '70000' in '443,70000': ports are 1-65535",
            "0;             bad port '0' in '0': ports are 1-65535",
            "99999999999;   bad port '99999999999' in '99999999999': ports are 1-65535",
            "10-5;          bad port range '10-5' in '10-5': start is after end",
            "1-70000;       bad port '1-70000' in '1-70000': ports are 1-65535",
            "443,,80;       empty item in port list '443,,80'",
            "443,;          empty item in port list '443,'",
            "4a3;           bad port '4a3' in '4a3': not a port, a range a-b or a set name",
            "-5;            bad port '-5' in '-5': not a port, a range a-b or a set name",
            "1-;            bad port '1-' in '1-': not a port, a range a-b or a set name",
            "1-2-3;         bad port '1-2-3' in '1-2-3': not a port, a range a-b or a set name",
    })
    void rejectedFormsNameTheToken(String spec, String message) {
        BadInputException e = assertThrows(BadInputException.class, () -> PortListParser.parse(spec));
        assertEquals(message, e.getMessage());
    }

    @Test
    void unknownSetListsTheKnownOnes() {
        BadInputException e = assertThrows(BadInputException.class, () -> PortListParser.parse("tls,foo"));
        assertTrue(e.getMessage().startsWith("unknown port set 'foo' (known: "), e.getMessage());
        assertTrue(e.getMessage().contains("tls") && e.getMessage().contains("web"), e.getMessage());
        assertThrows(BadInputException.class, () -> PortListParser.parse(""));
        assertThrows(BadInputException.class, () -> PortListParser.parse("  "));
        assertThrows(BadInputException.class, () -> PortListParser.parse(null));
    }

    /** Random strings from the parser's alphabet: the answer is a valid port list or a BadInputException. */
    @Test
    void randomInputOnlyEverThrowsBadInput() {
        Random random = new Random(7);
        String alphabet = "0123456789-,, tlsTLSwebxyz65535\t+.";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder s = new StringBuilder();
            int len = random.nextInt(14);
            for (int j = 0; j < len; j++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                int[] ports = PortListParser.parse(s.toString());
                assertTrue(ports.length > 0, s.toString());
                for (int k = 0; k < ports.length; k++) {
                    assertTrue(ports[k] >= 1 && ports[k] <= 65535, s.toString());
                    assertTrue(k == 0 || ports[k - 1] < ports[k], s.toString());
                }
            } catch (BadInputException expected) {
                assertTrue(!expected.getMessage().isEmpty() && expected.getMessage().indexOf('\n') < 0);
            }
        }
    }
}
