package io.tlsweep.protocols;

import io.tlsweep.core.BadInputException;
import io.tlsweep.core.target.PortKeys;
import io.tlsweep.core.target.Transport;
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

    private static final int U = PortKeys.UDP;

    @Test
    void portsMayNameTheirTransport() {
        assertArrayEquals(new int[]{80, 443, 443 | U}, PortListParser.parse("80,443,443/udp"));
        assertArrayEquals(new int[]{443}, PortListParser.parse("443/tcp,T:443,t:443"));
        assertArrayEquals(new int[]{443 | U}, PortListParser.parse("U:443"));
        assertArrayEquals(new int[]{443 | U, 444 | U, 445 | U}, PortListParser.parse("u:443-445"));
        assertArrayEquals(new int[]{443 | U, 444 | U}, PortListParser.parse("443-444/UDP"));
        assertArrayEquals(new int[]{25, 443 | U}, PortListParser.parse("U:443, 25"), "a prefix covers its item only");
        assertArrayEquals(new int[]{443, 8443, 443 | U}, PortListParser.parse("web,443/udp"), "sets stay TCP");
        assertArrayEquals(new int[]{853 | U}, PortListParser.parse(" U : 853 "));
        int[] keys = PortListParser.parse("T:1-65535,U:1-65535");
        assertEquals(2 * 65535, keys.length);
        assertEquals(Transport.UDP, PortKeys.transport(keys[keys.length - 1]));
        assertEquals(65535, PortKeys.port(keys[keys.length - 1]));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "443/sctp;      bad port '443/sctp' in '443/sctp': the transport suffix must be /tcp or /udp",
            "U:;            bad port 'U:' in 'U:': no port after the transport prefix",
            "X:443;         bad port 'X:443' in 'X:443': the transport prefix must be T: (TCP) or U: (UDP)",
            "443/udp/udp;   bad port '443/udp/udp' in '443/udp/udp': the transport suffix must be /tcp or /udp",
            "udp/443;       bad port 'udp/443' in 'udp/443': the transport suffix must be /tcp or /udp",
            "U:443/udp;     bad port 'U:443/udp' in 'U:443/udp': give the transport once, as a prefix or a suffix",
            "U:web;         bad port 'U:web' in 'U:web': port sets are TCP (name UDP ports one by one, e.g. 443/udp)",
            "tls/udp;       bad port 'tls/udp' in 'tls/udp': port sets are TCP (name UDP ports one by one, e.g. 443/udp)",
            "80,/udp;       bad port '/udp' in '80,/udp': not a port, a range a-b or a set name",
            "U:0;           bad port 'U:0' in 'U:0': ports are 1-65535",
            "U:U:443;       bad port 'U:U:443' in 'U:U:443': give the transport once, as a prefix or a suffix",
    })
    void badTransportsNameTheItem(String spec, String message) {
        BadInputException e = assertThrows(BadInputException.class, () -> PortListParser.parse(spec));
        assertEquals(message, e.getMessage());
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
        String alphabet = "0123456789-,, tlsTLSwebxyz65535\t+./udp/tcpU:T:u:";
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
                    assertTrue(PortKeys.valid(ports[k]), s.toString());
                    assertTrue(k == 0 || ports[k - 1] < ports[k], s.toString());
                }
            } catch (BadInputException expected) {
                assertTrue(!expected.getMessage().isEmpty() && expected.getMessage().indexOf('\n') < 0);
            }
        }
    }
}
