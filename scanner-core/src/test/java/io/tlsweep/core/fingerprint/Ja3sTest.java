package io.tlsweep.core.fingerprint;

import static io.tlsweep.core.fingerprint.HelloFixtures.alpn;
import static io.tlsweep.core.fingerprint.HelloFixtures.empty;
import static io.tlsweep.core.fingerprint.HelloFixtures.hello;
import static io.tlsweep.core.fingerprint.HelloFixtures.keyShare;
import static io.tlsweep.core.fingerprint.HelloFixtures.supportedVersion;
import static io.tlsweep.core.fingerprint.HelloFixtures.withTypes;
import static io.tlsweep.core.fingerprint.HelloFixtures.withoutExtensionsBlock;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tlsweep.core.result.Fingerprints;
import org.junit.jupiter.api.Test;

/**
 * JA3S against strings derived by hand from salesforce/ja3's python/ja3s.py and MD5s computed
 * independently ({@code python3 -c 'import hashlib; print(hashlib.md5(b"...").hexdigest())'}).
 */
class Ja3sTest {

    @Test
    void tls12WithExtensionsInTheOrderReceived() {
        var h = hello(0x0303, 0xc02f, empty(0xff01), empty(0), empty(11), empty(35), alpn("h2"));
        assertEquals("771,49199,65281-0-11-35-16", Ja3s.raw(h));
        assertEquals("47decf033ac4c8fc9b952ff41e549679", Ja3s.hash(h));
    }

    @Test
    void tls13UsesTheLegacyVersionFieldNotSupportedVersions() {
        var h = hello(0x0303, 0x1301, supportedVersion(0x0304), keyShare());
        assertEquals("771,4865,43-51", Ja3s.raw(h));
        assertEquals("f4febc55ea12b31ae17cfb7e614afda8", Ja3s.hash(h));
    }

    @Test
    void noExtensionsKeepsTheTrailingComma() {
        var h = withoutExtensionsBlock(0x0303, 0xc02f);
        assertEquals("771,49199,", Ja3s.raw(h));
        assertEquals("174e7e4992a63f6d419626d97363adb8", Ja3s.hash(h));
        assertEquals("771,49199,", Ja3s.raw(hello(0x0303, 0xc02f)), "an empty extensions block reads the same");
    }

    @Test
    void greaseIsKeptAsTheReferenceKeepsIt() {
        var h = withTypes(0x0303, 0x1301, 0x0a0a, 43);
        assertEquals("771,4865,2570-43", Ja3s.raw(h));
        assertEquals("a119af8d0da71bb3b972890e5e01ce6a", Ja3s.hash(h));
    }

    @Test
    void sslv3() {
        var h = withTypes(0x0300, 0x000a, 0xff01);
        assertEquals("768,10,65281", Ja3s.raw(h));
        assertEquals("519e31adf80e08b762ed9350656d23ed", Ja3s.hash(h));
    }

    @Test
    void recordObjectCarriesAllThree() {
        var h = hello(0x0303, 0x1301, supportedVersion(0x0304), keyShare());
        assertEquals(new Fingerprints("f4febc55ea12b31ae17cfb7e614afda8", "771,4865,43-51", "t130200_1301_a56c5b993250"),
                ServerHelloFingerprints.of(h));
        assertEquals(null, ServerHelloFingerprints.of(null));
    }
}
