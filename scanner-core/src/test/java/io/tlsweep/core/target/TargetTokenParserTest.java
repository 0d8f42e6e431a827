package io.tlsweep.core.target;

import io.tlsweep.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetTokenParserTest {

    /** token; first address; last address; port (0 = defaults) */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "192.0.2.7;              192.0.2.7;      192.0.2.7;      0",
            "192.0.2.7:443;          192.0.2.7;      192.0.2.7;      443",
            "::1;                    0:0:0:0:0:0:0:1; 0:0:0:0:0:0:0:1; 0",
            "2001:db8::1;            2001:db8:0:0:0:0:0:1; 2001:db8:0:0:0:0:0:1; 0",
            "[2001:db8::1]:443;      2001:db8:0:0:0:0:0:1; 2001:db8:0:0:0:0:0:1; 443",
            "[::1]:8443;             0:0:0:0:0:0:0:1; 0:0:0:0:0:0:0:1; 8443",
            "[::1];                  0:0:0:0:0:0:0:1; 0:0:0:0:0:0:0:1; 0",
            "10.0.0.0/8;             10.0.0.0;       10.255.255.255; 0",
            "10.0.0.5/24;            10.0.0.0;       10.0.0.255;     0",
            "10.0.0.5/32;            10.0.0.5;       10.0.0.5;       0",
            "0.0.0.0/0;              0.0.0.0;        255.255.255.255; 0",
            "10.0.0.0/30:25;         10.0.0.0;       10.0.0.3;       25",
            "2001:db8::/120;         2001:db8:0:0:0:0:0:0; 2001:db8:0:0:0:0:0:ff; 0",
            "2001:db8::1/127;        2001:db8:0:0:0:0:0:0; 2001:db8:0:0:0:0:0:1; 0",
            "10.0.0.1-10.0.0.50;     10.0.0.1;       10.0.0.50;      0",
            "192.0.2.1-50;           192.0.2.1;      192.0.2.50;     0",
            "192.0.2.1-50:993;       192.0.2.1;      192.0.2.50;     993",
            "10.0.0.250-10.0.1.5;    10.0.0.250;     10.0.1.5;       0",
            "2001:db8::1-2001:db8::ff; 2001:db8:0:0:0:0:0:1; 2001:db8:0:0:0:0:0:ff; 0",
            "::ffff:192.0.2.9;       192.0.2.9;      192.0.2.9;      0",
    })
    void addressForms(String token, String first, String last, int port) {
        TargetToken.Addresses parsed = (TargetToken.Addresses) TargetTokenParser.parseTarget(token);
        assertEquals(first, parsed.range().first().toString(), token);
        assertEquals(last, parsed.range().last().toString(), token);
        assertEquals(port, parsed.port(), token);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "example.com;       example.com;    0",
            "Example.COM.;      example.com;    0",
            "example.com:8443;  example.com;    8443",
            "localhost;         localhost;      0",
            "my-host.example;   my-host.example; 0",
            "10-net.example:25; 10-net.example; 25",
            "bücher.example;    xn--bcher-kva.example; 0",
    })
    void hostForms(String token, String name, int port) {
        TargetToken.Host parsed = (TargetToken.Host) TargetTokenParser.parseTarget(token);
        assertEquals(name, parsed.name());
        assertEquals(port, parsed.port());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "10.0.0.0/33;           bad target '10.0.0.0/33': prefix length must be 0-32",
            "2001:db8::/129;        bad target '2001:db8::/129': prefix length must be 0-128",
            "10.0.0.0/;             bad target '10.0.0.0/': prefix length must be 0-32",
            "10.0.0.0/x;            bad target '10.0.0.0/x': prefix length must be 0-32",
            "foo/24;                bad target 'foo/24': 'foo' is not an IP address",
            "10.0.0.50-10.0.0.1;    bad target '10.0.0.50-10.0.0.1': range start is after its end",
            "10.0.0.5-3;            bad target '10.0.0.5-3': range start is after its end",
            "10.0.0.5-256;          bad target '10.0.0.5-256': last octet must be 0-255",
            "10.0.0.5-x;            bad target '10.0.0.5-x': range end is not an IP address or a last octet",
            "10.0.0.1-::1;          bad target '10.0.0.1-::1': range mixes IPv4 and IPv6",
            "256.1.1.1;             bad target '256.1.1.1': not a valid IPv4 address",
            "1.2.3;                 bad target '1.2.3': not a valid IPv4 address",
            "1.2.3.4:0;             bad target '1.2.3.4:0': port must be 1-65535",
            "1.2.3.4:70000;         bad target '1.2.3.4:70000': port must be 1-65535",
            "example.com:;          bad target 'example.com:': port must be 1-65535",
            ":443;                  bad target ':443': no host before ':'",
            "[::1]x;                bad target '[::1]x': expected ':port' after ']'",
            "[::1;                  bad target '[::1': missing ']'",
            "[1.2.3.4]:443;         bad target '[1.2.3.4]:443': brackets are only for IPv6 addresses",
            "fe80::1%eth0;          bad target 'fe80::1%eth0': IPv6 zone ids are not supported",
            "2001:db8::g;           bad target '2001:db8::g': not an IP address",
            "-bad.example;          bad target '-bad.example': not a valid host name or IP address",
            "a..b;                  bad target 'a..b': not a valid host name or IP address",
            "ex!ample.com;          bad target 'ex!ample.com': not a valid host name or IP address",
            "127.0.0.1:443/sctp;    bad target '127.0.0.1:443/sctp': the port's transport must be /tcp or /udp",
            "127.0.0.1:443/udp/udp; bad target '127.0.0.1:443/udp/udp': the port's transport must be /tcp or /udp",
            "127.0.0.1:udp/443;     bad target '127.0.0.1:udp/443': the port's transport must be /tcp or /udp",
            "127.0.0.1:/udp;        bad target '127.0.0.1:/udp': port must be 1-65535",
            "[::1]:0/udp;           bad target '[::1]:0/udp': port must be 1-65535",
    })
    void errorsNameTheToken(String token, String message) {
        BadInputException e = assertThrows(BadInputException.class, () -> TargetTokenParser.parseTarget(token));
        assertEquals(message, e.getMessage());
    }

    /** token; port; transport: a port may name its transport, and the parsed port is a {@link PortKeys} key. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "127.0.0.1:443/udp;       443;  UDP",
            "127.0.0.1:443/UDP;       443;  UDP",
            "127.0.0.1:443/tcp;       443;  TCP",
            "127.0.0.1:443;           443;  TCP",
            "[::1]:443/udp;           443;  UDP",
            "10.0.0.0/30:8443/udp;    8443; UDP",
            "example.com:443/udp;     443;  UDP",
    })
    void portsMayNameTheirTransport(String token, int port, Transport transport) {
        TargetToken parsed = TargetTokenParser.parseTarget(token);
        assertEquals(port, PortKeys.port(parsed.port()), token);
        assertEquals(transport, PortKeys.transport(parsed.port()), token);
    }

    @Test
    void exclusionsAreAddressesWithoutPorts() {
        assertEquals("10.0.0.0", TargetTokenParser.parseExclusion("10.0.0.0/8").first().toString());
        assertEquals("bad exclusion 'example.com': only addresses, CIDRs and ranges can be excluded, not host names",
                assertThrows(BadInputException.class, () -> TargetTokenParser.parseExclusion("example.com")).getMessage());
        assertEquals("bad exclusion '10.0.0.1:443': exclusions are addresses; leave the port out",
                assertThrows(BadInputException.class, () -> TargetTokenParser.parseExclusion("10.0.0.1:443")).getMessage());
        assertEquals("empty target", assertThrows(BadInputException.class, () -> TargetTokenParser.parseTarget(" ")).getMessage());
    }

    /** Random strings over the token alphabet: a parse result or a one-line BadInputException, nothing else. */
    @Test
    void randomInputOnlyEverThrowsBadInput() {
        Random random = new Random(11);
        String alphabet = "0123456789abcdefx.:/-[]%# ,.:.:ü\u0000/udp/tcp";
        int accepted = 0;
        for (int i = 0; i < 100_000; i++) {
            StringBuilder s = new StringBuilder();
            int len = 1 + random.nextInt(20);
            for (int j = 0; j < len; j++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String token = s.toString();
            try {
                TargetToken parsed = TargetTokenParser.parseTarget(token);
                accepted++;
                if (parsed instanceof TargetToken.Addresses a) {
                    assertTrue(a.range().first().compareTo(a.range().last()) <= 0, token);
                }
                assertTrue(parsed.port() == TargetToken.DEFAULT_PORTS || PortKeys.valid(parsed.port()), token);
            } catch (BadInputException expected) {
                assertFalse(expected.getMessage().contains("\n"), token);
                assertTrue(expected.getMessage().contains(token.strip()) || expected.getMessage().startsWith("empty"), token);
            }
        }
        assertTrue(accepted > 100, "the generator should also hit valid tokens, got " + accepted);
    }
}
