package io.tlsweep.core.enumerate;

import static io.tlsweep.core.enumerate.EnumeratorFullTest.modern;
import static io.tlsweep.core.enumerate.EnumeratorFullTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.result.EnumerationInfo;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.VersionEnumeration;
import io.tlsweep.core.tls.wire.CipherSuites;
import io.tlsweep.core.tls.wire.ExtensionTypes;
import io.tlsweep.core.tls.wire.NamedGroups;
import io.tlsweep.core.tls.wire.TlsVersion;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** {@code fast}: versions, the preferred suite, the weak categories, server order, in about ten hellos. */
class EnumeratorFastTest {

    @Test
    void modernServer() {
        SimulatedServer server = modern(true);
        EnumerationOutcome o = run(EnumLevel.FAST, server);
        EnumerationInfo info = o.info();
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), info.versions());
        Map<String, VersionEnumeration> v = Expected.byVersion(info);
        assertEquals("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", v.get("TLSv1.2").preferred());
        assertEquals("TLS_AES_256_GCM_SHA384", v.get("TLSv1.3").preferred());
        assertEquals(Boolean.TRUE, v.get("TLSv1.2").serverOrder());
        assertFalse(v.get("TLSv1.2").suitesComplete());
        assertEquals(List.of("X25519MLKEM768"), v.get("TLSv1.3").groups());
        assertEquals(List.of("secp384r1"), v.get("TLSv1.2").groups());
        assertTrue(info.complete());
        assertEquals(Boolean.TRUE, info.extensions().fallbackScsv());
        // 5 version hellos, 2 weak (TLS 1.3 and 1.2, refused), 2 order probes (the same pick again, then
        // one without it), 1 fallback; the PQ group came with the version hello.
        assertEquals(10, info.hellos());
        assertTrue(o.findings().isEmpty(), o.findings().toString());
    }

    @Test
    void clientOrderServerIsToldApart() {
        SimulatedServer server = modern(false);
        EnumerationInfo info = run(EnumLevel.FAST, server).info();
        assertEquals(Boolean.FALSE, Expected.byVersion(info).get("TLSv1.2").serverOrder());
    }

    @Test
    void singleSuiteServerHasNoOrder() {
        SimulatedServer server = new SimulatedServer()
                .version(TlsVersion.TLS1_2, List.of(0xc02f), List.of(NamedGroups.X25519));
        EnumerationInfo info = run(EnumLevel.FAST, server).info();
        assertNull(Expected.byVersion(info).get("TLSv1.2").serverOrder());
    }

    @Test
    void weakServerEveryCategoryInFewHellos() {
        SimulatedServer server = new SimulatedServer()
                .version(TlsVersion.TLS1_0, List.of(0x002f, 0x0004, 0x000a, 0x0001, 0x0003, 0x001b, 0x0009), List.of())
                .version(TlsVersion.TLS1_2, List.of(0xc02f, 0x009c, 0x002f), List.of(NamedGroups.SECP256R1))
                .extensions(ExtensionTypes.RENEGOTIATION_INFO);
        EnumerationOutcome o = run(EnumLevel.FAST, server);
        Set<String> codes = o.findings().stream().map(Finding::code).collect(Collectors.toSet());
        assertTrue(codes.containsAll(Set.of("protocol_tls10", "cipher_null", "cipher_export", "cipher_anonymous",
                "cipher_rc4", "cipher_3des")), codes.toString());
        assertTrue(o.info().hellos() <= 16, "hellos " + o.info().hellos());
        assertTrue(o.info().complete());
    }

    @Test
    void timeoutsMakeFastIncomplete() {
        SimulatedServer server = modern(true);
        server.timeout = n -> n == 4; // the TLS 1.2 version hello
        EnumerationInfo info = run(EnumLevel.FAST, server).info();
        assertFalse(info.complete());
        assertEquals(List.of("TLSv1.3"), info.versions());
    }

    /** On random servers fast never claims more than full finds, and finds every version and preferred suite. */
    @Property(tries = 100)
    void fastIsASubsetOfFull(@ForAll long seed) {
        SimulatedServer server = EnumeratorFullTest.randomServer(new Random(seed));
        Map<String, VersionEnumeration> expected = Expected.of(server);
        EnumerationOutcome fast = run(EnumLevel.FAST, server);
        Map<String, VersionEnumeration> got = Expected.byVersion(fast.info());
        assertEquals(expected.keySet(), got.keySet(), "seed " + seed);
        for (VersionEnumeration e : expected.values()) {
            VersionEnumeration g = got.get(e.version());
            assertTrue(e.suites().containsAll(g.suites()), "seed " + seed);
            if (Boolean.TRUE.equals(g.serverOrder()) || server.serverOrder) {
                assertEquals(e.preferred(), g.preferred(), "seed " + seed);
            }
        }
        SimulatedServer again = EnumeratorFullTest.randomServer(new Random(seed));
        Set<String> fullCodes = run(EnumLevel.FULL, again).findings().stream().map(Finding::code)
                .collect(Collectors.toSet());
        Set<String> fastCodes = fast.findings().stream().map(Finding::code).collect(Collectors.toSet());
        assertEquals(fullCodes, fastCodes, "seed " + seed + " " + CipherSuites.name(0));
    }
}
