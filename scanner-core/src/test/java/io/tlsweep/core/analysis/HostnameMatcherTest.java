package io.tlsweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostnameMatcherTest {

    /**
     * target | DNS SANs (space separated, '-' none) | IP SANs | CN ('-' none) | expected.
     */
    @ParameterizedTest(name = "{0} vs dns=[{1}] ip=[{2}] cn={3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            example.com          | example.com                 | -                 | -               | true
            EXAMPLE.com          | example.com                 | -                 | -               | true
            example.com          | ExAmPlE.CoM                 | -                 | -               | true
            example.com.         | example.com                 | -                 | -               | true
            example.com          | example.com.                | -                 | -               | true
            example.com..        | example.com                 | -                 | -               | false
            www.example.com      | example.com                 | -                 | -               | false
            example.com          | www.example.com             | -                 | -               | false
            a.example.com        | *.example.com               | -                 | -               | true
            A.EXAMPLE.COM.       | *.example.com               | -                 | -               | true
            example.com          | *.example.com               | -                 | -               | false
            a.b.example.com      | *.example.com               | -                 | -               | false
            .example.com         | *.example.com               | -                 | -               | false
            foo.example.com      | f*.example.com              | -                 | -               | false
            foo.example.com      | *o.example.com              | -                 | -               | false
            a.b.example.com      | a.*.example.com             | -                 | -               | false
            a.example.com        | *.*.com                     | -                 | -               | false
            example.com          | *.com                       | -                 | -               | false
            com                  | *                           | -                 | -               | false
            a.example.com        | **.example.com              | -                 | -               | false
            *.example.com        | *.example.com               | -                 | -               | false
            xn--bcher-kva.example | xn--bcher-kva.example      | -                 | -               | true
            XN--BCHER-KVA.example | xn--bcher-kva.example      | -                 | -               | true
            bücher.example       | xn--bcher-kva.example       | -                 | -               | false
            xn--bcher-kva.example.com | *.example.com          | -                 | -               | true
            b.example.com        | a.example.com b.example.com | -                 | -               | true
            cn.example.com       | -                           | -                 | cn.example.com  | true
            CN.example.com.      | -                           | -                 | cn.example.com  | true
            a.example.com        | -                           | -                 | *.example.com   | true
            cn.example.com       | other.example.com           | -                 | cn.example.com  | false
            cn.example.com       | -                           | 192.0.2.1         | cn.example.com  | true
            192.0.2.1            | -                           | 192.0.2.1         | -               | true
            192.0.2.1            | 192.0.2.1                   | -                 | -               | false
            192.0.2.1            | -                           | -                 | 192.0.2.1       | false
            192.0.2.1            | -                           | 192.0.2.2         | -               | false
            127.0.0.10           | good.lab.test               | 127.0.0.10        | -               | true
            ::1                  | -                           | 0:0:0:0:0:0:0:1   | -               | true
            [::1]                | -                           | ::1               | -               | true
            2001:DB8::1          | -                           | 2001:db8:0:0:0:0:0:1 | -            | true
            2001:db8::1          | -                           | 2001:db8::2       | -               | false
            2001:db8::1          | 2001:db8::1                 | -                 | -               | false
            ::1                  | -                           | 127.0.0.1         | -               | false
            ::ffff:192.0.2.1     | -                           | 192.0.2.1         | -               | false
            -                    | example.com                 | -                 | example.com     | false
            ''                   | example.com                 | -                 | -               | false
            ''                   | -                           | -                 | ''              | false
            """)
    void table(String target, String dns, String ips, String cn, boolean expected) {
        assertEquals(expected, HostnameMatcher.matches(target, split(dns), split(ips), cn));
    }

    private static List<String> split(String field) {
        return field == null ? List.of() : Arrays.asList(field.trim().split("\\s+"));
    }

    @Test
    void random_text_never_throws_and_never_matches_a_fixed_unrelated_name() {
        Random random = new Random(6125);
        String alphabet = "ab.*-:[]%1234567890xn\u00fc\u0130 ";
        for (int round = 0; round < 20_000; round++) {
            String target = randomText(random, alphabet);
            String pattern = randomText(random, alphabet);
            HostnameMatcher.matches(target, List.of(pattern), List.of(pattern), pattern);
            HostnameMatcher.matchesDnsName(target, pattern);
            assertFalse(HostnameMatcher.matches(target, List.of("unrelated.invalid"), List.of(), null),
                    "'" + target + "' matched unrelated.invalid");
        }
    }

    private static String randomText(Random random, String alphabet) {
        char[] text = new char[random.nextInt(12)];
        for (int i = 0; i < text.length; i++) {
            text[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(text);
    }
}
