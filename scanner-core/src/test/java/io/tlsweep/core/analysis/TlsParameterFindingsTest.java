package io.tlsweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tlsweep.core.result.Finding;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TlsParameterFindingsTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            SSLv3   | SSLv3 is deprecated (RFC 7568)
            TLSv1   | TLSv1 is deprecated (RFC 8996)
            TLSv1.1 | TLSv1.1 is deprecated (RFC 8996)
            TLSv1.2 | -
            TLSv1.3 | -
            -       | -
            """)
    void protocols(String version, String expectedDetail) {
        List<Finding> findings = TlsParameterFindings.of(version, "TLS_AES_128_GCM_SHA256");
        assertEquals(expectedDetail == null ? List.of() : List.of(new Finding("deprecated_protocol", expectedDetail)),
                findings);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            TLS_AES_128_GCM_SHA256                    | -
            TLS_CHACHA20_POLY1305_SHA256              | -
            TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256   | -
            TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA        | -
            ECDHE-ECDSA-AES256-GCM-SHA384             | -
            TLS_RSA_WITH_NULL_SHA256                  | no encryption (NULL)
            TLS_NULL_WITH_NULL_NULL                   | no encryption (NULL)
            SSL_RSA_EXPORT_WITH_RC4_40_MD5            | export-grade (EXPORT), RC4 stream cipher, MD5 MAC
            EXP-RC4-MD5                               | export-grade (EXPORT), RC4 stream cipher, MD5 MAC
            TLS_DH_anon_WITH_AES_128_CBC_SHA          | unauthenticated key exchange (anon)
            TLS_ECDH_anon_WITH_AES_256_CBC_SHA        | unauthenticated key exchange (anon)
            ADH-AES128-SHA                            | unauthenticated key exchange (anon)
            AECDH-AES256-SHA                          | unauthenticated key exchange (anon)
            TLS_ECDHE_RSA_WITH_RC4_128_SHA            | RC4 stream cipher
            TLS_RSA_WITH_3DES_EDE_CBC_SHA             | DES/3DES block cipher
            SSL_RSA_WITH_DES_CBC_SHA                  | DES/3DES block cipher
            DES-CBC3-SHA                              | DES/3DES block cipher
            EDH-RSA-DES-CBC-SHA                       | DES/3DES block cipher
            TLS_RSA_WITH_RC4_128_MD5                  | RC4 stream cipher, MD5 MAC
            NULL-MD5                                  | no encryption (NULL), MD5 MAC
            MD5                                       | -
            ''                                        | -
            """)
    void cipher_suites(String suite, String expectedDetail) {
        List<Finding> findings = TlsParameterFindings.of("TLSv1.2", suite);
        assertEquals(expectedDetail == null ? List.of() : List.of(new Finding("weak_cipher", suite + ": " + expectedDetail)),
                findings);
    }

    @Test
    void both_findings_in_a_fixed_order() {
        assertEquals(List.of("deprecated_protocol", "weak_cipher"),
                TlsParameterFindings.of("TLSv1", "TLS_RSA_WITH_RC4_128_SHA").stream().map(Finding::code).toList());
    }

    @Test
    void random_text_never_throws() {
        Random random = new Random(8996);
        String alphabet = "TLS_-RC4DESNULLanonEXPORTMD5v1.3 \u0000\u00e9";
        for (int round = 0; round < 20_000; round++) {
            TlsParameterFindings.of(random(random, alphabet), random(random, alphabet));
        }
    }

    private static String random(Random random, String alphabet) {
        if (random.nextInt(20) == 0) {
            return null;
        }
        char[] text = new char[random.nextInt(40)];
        for (int i = 0; i < text.length; i++) {
            text[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(text);
    }
}
