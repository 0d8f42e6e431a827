package io.tlsweep.core.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tlsweep.core.grade.SuiteTraits.Kex;
import io.tlsweep.core.result.Grade;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuiteTraitsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "TLS_NULL_WITH_NULL_NULL,0,ANONYMOUS",
            "TLS_RSA_WITH_NULL_SHA256,0,CERTIFICATE",
            "TLS_RSA_EXPORT_WITH_RC4_40_MD5,40,EXPORT_512",
            "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5,40,EXPORT_512",
            "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA,40,EXPORT_512",
            "TLS_RSA_WITH_DES_CBC_SHA,56,CERTIFICATE",
            "TLS_RSA_WITH_3DES_EDE_CBC_SHA,168,CERTIFICATE",
            "TLS_RSA_WITH_RC4_128_SHA,128,CERTIFICATE",
            "TLS_RSA_WITH_IDEA_CBC_SHA,128,CERTIFICATE",
            "TLS_DHE_RSA_WITH_SEED_CBC_SHA,128,DHE",
            "TLS_DH_anon_WITH_AES_256_CBC_SHA,256,ANONYMOUS",
            "TLS_ECDH_anon_WITH_AES_128_CBC_SHA,128,ANONYMOUS",
            "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA,128,CERTIFICATE",
            "TLS_DH_RSA_WITH_AES_256_GCM_SHA384,256,CERTIFICATE",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,256,ECDHE",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,128,ECDHE",
            "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384,256,ECDHE",
            "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256,128,DHE",
            "TLS_PSK_WITH_AES_128_GCM_SHA256,128,UNKNOWN",
            "TLS_AES_128_GCM_SHA256,128,TLS13",
            "TLS_AES_256_GCM_SHA384,256,TLS13",
            "TLS_CHACHA20_POLY1305_SHA256,256,TLS13",
            "TLS_AES_128_CCM_8_SHA256,128,TLS13"})
    void namesSayStrengthAndKeyExchange(String suite, int bits, Kex kex) {
        assertEquals(bits, SuiteTraits.cipherBits(suite));
        assertEquals(kex, SuiteTraits.kex(suite));
    }

    @Test
    void unknownNamesAreNotGuessed() {
        assertNull(SuiteTraits.cipherBits("TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC"));
        assertEquals(Kex.UNKNOWN, SuiteTraits.kex("weird"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"x25519,3072", "X25519MLKEM768,3072", "secp384r1,7680", "secp521r1,15360", "ffdhe2048,2048",
            "secp224r1,2048", "brainpoolP512r1,15360", "sect163k1,1024", "x448,7680"})
    void groupsInRsaBits(String group, int bits) {
        assertEquals(bits, KeyStrength.group(group));
    }

    @Test
    void unknownGroupIsNull() {
        assertNull(KeyStrength.group("GREASE"));
        assertNull(KeyStrength.group("secpXr1"));
    }

    /** Names are read from enumeration output, so any string must be handled: random names never throw. */
    @Test
    void randomNamesNeverThrow() {
        Random random = new Random(7);
        String[] pieces = {"TLS", "SSL", "_", "WITH", "ECDHE", "DHE", "anon", "EXPORT", "NULL", "AES", "128", "256",
                "3DES", "DES40", "CHACHA20", "secp", "sect", "brainpoolP", "x", "9", "MLKEM", ""};
        Grader grader = Grader.standard();
        for (int round = 0; round < 2000; round++) {
            StringBuilder name = new StringBuilder();
            for (int i = random.nextInt(8); i > 0; i--) {
                name.append(random.nextInt(4) == 0 ? String.valueOf((char) random.nextInt(128))
                        : pieces[random.nextInt(pieces.length)]);
            }
            String n = name.toString();
            SuiteTraits.cipherBits(n);
            SuiteTraits.kex(n);
            KeyStrength.group(n);
            List<String> suites = new ArrayList<>(List.of(n));
            Grade g = Endpoint.empty().version("TLSv1.2", suites, List.of(n), random.nextBoolean() ? null : 1024)
                    .grade(grader);
            assertEquals(true, g != null && g.score() >= 0 && g.score() <= 100, n);
        }
    }
}
