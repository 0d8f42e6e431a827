package io.tlsweep.core.fingerprint;

import static io.tlsweep.core.fingerprint.HelloFixtures.alpn;
import static io.tlsweep.core.fingerprint.HelloFixtures.empty;
import static io.tlsweep.core.fingerprint.HelloFixtures.hello;
import static io.tlsweep.core.fingerprint.HelloFixtures.keyShare;
import static io.tlsweep.core.fingerprint.HelloFixtures.supportedVersion;
import static io.tlsweep.core.fingerprint.HelloFixtures.withTypes;
import static io.tlsweep.core.fingerprint.HelloFixtures.withoutExtensionsBlock;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tlsweep.core.tls.wire.Extension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * JA4S against FoxIO-LLC/ja4's technical_details/JA4S.md example and strings derived by hand from
 * {@code to_ja4s} in its python/ja4.py, with SHA-256 prefixes computed independently
 * ({@code python3 -c 'import hashlib; print(hashlib.sha256(b"...").hexdigest()[:12])'}).
 */
class Ja4sTest {

    @Test
    void theReferenceExample() {
        // JA4S.md: extensions 0005,0017,ff01,0000, cipher c030, no supported_versions, no ALPN
        var h = withTypes(0x0303, 0xc030, 0x0005, 0x0017, 0xff01, 0x0000);
        assertEquals("t120400_c030_4e8089b08790", Ja4s.of(h));
        assertEquals("t120400_c030_0005,0017,ff01,0000", Ja4s.raw(h));
    }

    @Test
    void tls13TakesTheVersionFromSupportedVersions() {
        var h = hello(0x0303, 0x1301, supportedVersion(0x0304), keyShare());
        assertEquals("t130200_1301_a56c5b993250", Ja4s.of(h));
    }

    @Test
    void alpnFirstAndLastCharacter() {
        var h = hello(0x0303, 0xc02f, empty(0xff01), empty(0), empty(11), empty(35), alpn("h2"));
        assertEquals("t1205h2_c02f_4527d988f689", Ja4s.of(h));
        assertEquals("h1", Ja4s.alpn(hello(0x0303, 0xc02f, alpn("http/1.1"))));
        assertEquals("99", Ja4s.alpn(hello(0x0303, 0xc02f, alpn(new byte[] {(byte) 0xc3, 'a'}))));
        assertEquals("xx", Ja4s.alpn(hello(0x0303, 0xc02f, alpn("x"))), "one character keeps the width");
        assertEquals("00", Ja4s.alpn(hello(0x0303, 0xc02f, new Extension(16, new byte[] {0, 0}))),
                "an ALPN extension naming nothing");
    }

    @Test
    void noExtensions() {
        assertEquals("t120000_c02f_000000000000", Ja4s.of(withoutExtensionsBlock(0x0303, 0xc02f)));
    }

    @Test
    void greaseIsCountedAndHashed() {
        var h = hello(0x0303, 0x1301, empty(0x0a0a), supportedVersion(0x0304));
        assertEquals("t130200_1301_becf6f698b4c", Ja4s.of(h));
    }

    @Test
    void versions() {
        assertEquals("13", Ja4s.version(0x0304));
        assertEquals("12", Ja4s.version(0x0303));
        assertEquals("11", Ja4s.version(0x0302));
        assertEquals("10", Ja4s.version(0x0301));
        assertEquals("s3", Ja4s.version(0x0300));
        assertEquals("00", Ja4s.version(0x7f1c));
        assertEquals("t100100_002f_bc98f8e001b5", Ja4s.of(withTypes(0x0301, 0x002f, 0xff01)));
    }

    @Test
    void extensionCountIsCappedAt99() {
        List<Extension> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(empty(1000 + i));
        }
        var h = hello(0x0303, 0xc02f, many.toArray(Extension[]::new));
        assertEquals("t129900_c02f_1005446d32a6", Ja4s.of(h));
    }
}
