package io.tlsweep.core.tls.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.tls.wire.SuiteTraits.KeyExchange;
import io.tlsweep.core.tls.wire.SuiteTraits.Mode;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Suite traits parsed from IANA names: the whole table parses, and named rows say what the RFCs say. */
class SuiteTraitsTest {

    @Test
    void everyTableEntryParsesInRandomOrder() {
        List<Integer> codes = new java.util.ArrayList<>(CipherSuites.codePoints());
        assertTrue(codes.size() > 340, "the whole registry: " + codes.size());
        java.util.Collections.shuffle(codes, new Random(7301));
        for (int code : codes) {
            SuiteTraits t = SuiteTraits.of(code);
            if (code == CipherSuites.TLS_EMPTY_RENEGOTIATION_INFO_SCSV || code == CipherSuites.TLS_FALLBACK_SCSV) {
                assertNull(t);
                continue;
            }
            assertNotNull(t, CipherSuites.name(code));
            assertEquals(code, t.code());
            assertTrue(t.mode() == Mode.NULL ? t.bits() == 0 : t.bits() >= 40, t.toString());
            assertTrue((code >> 8) != 0x13 || t.tls13Only(), t.toString());
            assertTrue(!t.tls13Only() || t.keyExchange() == KeyExchange.TLS13, t.toString());
            assertTrue(t.mode() != Mode.AEAD || t.minVersion() >= TlsVersion.TLS1_2, t.toString());
            assertTrue(t.usableAt(t.minVersion()), t.toString());
        }
    }

    @Test
    void unknownCodePointsAndGreaseHaveNoTraits() {
        Random random = new Random(7302);
        for (int i = 0; i < 5_000; i++) {
            int code = random.nextInt(0x10000);
            SuiteTraits t = SuiteTraits.of(code);
            assertEquals(CipherSuites.isKnown(code) && code != 0x00ff && code != 0x5600, t != null,
                    String.format("0x%04x", code));
        }
        assertNull(SuiteTraits.of(0x0a0a));
    }

    @ParameterizedTest
    @CsvSource({
        // code, kex, auth, cipher, bits, mode, export, minVersion, forwardSecret
        "0x0000, NULL, NULL, NULL, 0, NULL, false, 0x0300, false",
        "0x0001, RSA, RSA, NULL, 0, NULL, false, 0x0300, false",
        "0x0003, RSA, RSA, RC4, 40, STREAM, true, 0x0300, false",
        "0x0005, RSA, RSA, RC4, 128, STREAM, false, 0x0300, false",
        "0x0006, RSA, RSA, RC2, 40, CBC, true, 0x0300, false",
        "0x0007, RSA, RSA, IDEA, 128, CBC, false, 0x0300, false",
        "0x0009, RSA, RSA, DES, 56, CBC, false, 0x0300, false",
        "0x000a, RSA, RSA, 3DES, 168, CBC, false, 0x0300, false",
        "0x000b, DH, DSS, DES, 40, CBC, true, 0x0300, false",
        "0x0014, DHE, RSA, DES, 40, CBC, true, 0x0300, true",
        "0x0018, DHE, anon, RC4, 128, STREAM, false, 0x0300, true",
        "0x001f, KRB5, KRB5, 3DES, 168, CBC, false, 0x0300, false",
        "0x0026, KRB5, KRB5, DES, 40, CBC, true, 0x0300, false",
        "0x002f, RSA, RSA, AES, 128, CBC, false, 0x0300, false",
        "0x003b, RSA, RSA, NULL, 0, NULL, false, 0x0303, false",
        "0x0067, DHE, RSA, AES, 128, CBC, false, 0x0303, true",
        "0x0096, RSA, RSA, SEED, 128, CBC, false, 0x0300, false",
        "0x009e, DHE, RSA, AES, 128, AEAD, false, 0x0303, true",
        "0x00aa, DHE_PSK, PSK, AES, 128, AEAD, false, 0x0303, true",
        "0x00c4, DHE, RSA, CAMELLIA, 256, CBC, false, 0x0303, true",
        "0x00c6, TLS13, any, SM4, 128, AEAD, false, 0x0304, true",
        "0x1301, TLS13, any, AES, 128, AEAD, false, 0x0304, true",
        "0x1303, TLS13, any, CHACHA20, 256, AEAD, false, 0x0304, true",
        "0x1305, TLS13, any, AES, 128, AEAD, false, 0x0304, true",
        "0xc004, ECDH, ECDSA, AES, 128, CBC, false, 0x0300, false",
        "0xc011, ECDHE, RSA, RC4, 128, STREAM, false, 0x0300, true",
        "0xc015, ECDHE, anon, NULL, 0, NULL, false, 0x0300, true",
        "0xc01e, SRP, RSA, AES, 128, CBC, false, 0x0300, false",
        "0xc030, ECDHE, RSA, AES, 256, AEAD, false, 0x0303, true",
        "0xc05c, ECDHE, ECDSA, ARIA, 128, AEAD, false, 0x0303, true",
        "0xc0a0, RSA, RSA, AES, 128, AEAD, false, 0x0303, false",
        "0xc0aa, DHE_PSK, PSK, AES, 128, AEAD, false, 0x0303, true",
        "0xc0b4, TLS13, any, NULL, 0, NULL, false, 0x0304, true",
        "0xc100, GOST, GOST, KUZNYECHIK, 256, STREAM, false, 0x0303, false",
        "0xc103, TLS13, any, KUZNYECHIK, 256, AEAD, false, 0x0304, true",
        "0xcc13, ECDHE, RSA, CHACHA20, 256, AEAD, false, 0x0303, true",
        "0xccab, PSK, PSK, CHACHA20, 256, AEAD, false, 0x0303, false",
        "0xd005, ECDHE_PSK, PSK, AES, 128, AEAD, false, 0x0303, true",
    })
    void namedSuites(String code, KeyExchange kex, String auth, String cipher, int bits, Mode mode, boolean export,
                     String minVersion, boolean forwardSecret) {
        SuiteTraits t = SuiteTraits.of(Integer.decode(code));
        assertNotNull(t, code);
        assertEquals(kex, t.keyExchange(), t.name());
        assertEquals(auth, t.auth(), t.name());
        assertEquals(cipher, t.cipher(), t.name());
        assertEquals(bits, t.bits(), t.name());
        assertEquals(mode, t.mode(), t.name());
        assertEquals(export, t.export(), t.name());
        assertEquals(Integer.decode(minVersion), t.minVersion(), t.name());
        assertEquals(forwardSecret, t.forwardSecret(), t.name());
    }

    @Test
    void usableAt() {
        assertTrue(SuiteTraits.of(0x002f).usableAt(TlsVersion.SSL3));
        assertTrue(SuiteTraits.of(0x002f).usableAt(TlsVersion.TLS1_2));
        assertTrue(!SuiteTraits.of(0x002f).usableAt(TlsVersion.TLS1_3));
        assertTrue(!SuiteTraits.of(0xc02f).usableAt(TlsVersion.TLS1_1));
        assertTrue(SuiteTraits.of(0x1301).usableAt(TlsVersion.TLS1_3));
        assertTrue(!SuiteTraits.of(0x1301).usableAt(TlsVersion.TLS1_2));
    }
}
