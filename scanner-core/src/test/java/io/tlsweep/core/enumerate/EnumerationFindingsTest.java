package io.tlsweep.core.enumerate;

import static io.tlsweep.core.enumerate.EnumeratorFullTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.result.Finding;
import io.tlsweep.core.tls.wire.ExtensionTypes;
import io.tlsweep.core.tls.wire.NamedGroups;
import io.tlsweep.core.tls.wire.TlsVersion;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One test per finding code, at both levels: raised when the server earns it, not when it does not. */
class EnumerationFindingsTest {

    private static final List<Integer> EC = List.of(NamedGroups.X25519, NamedGroups.SECP256R1);
    private static final List<Integer> TLS13_SUITES = List.of(0x1301, 0x1302);

    /** A clean TLS 1.2 + 1.3 server with PQ and secure renegotiation, plus {@code extra} at {@code version}. */
    private static SimulatedServer server(int version, List<Integer> extra) {
        SimulatedServer s = new SimulatedServer()
                .version(TlsVersion.TLS1_3, TLS13_SUITES, List.of(0x11ec, NamedGroups.X25519))
                .extensions(ExtensionTypes.RENEGOTIATION_INFO);
        List<Integer> tls12 = new java.util.ArrayList<>(List.of(0xc02f, 0xc030));
        if (version == TlsVersion.TLS1_2) {
            tls12.addAll(extra);
        } else if (version != TlsVersion.TLS1_3) {
            s.version(version, extra, EC);
        }
        s.version(TlsVersion.TLS1_2, tls12, EC);
        return s;
    }

    private static Set<String> codes(EnumLevel level, SimulatedServer server) {
        return run(level, server).findings().stream().map(Finding::code).collect(Collectors.toSet());
    }

    @ParameterizedTest
    @EnumSource(EnumLevel.class)
    void cleanServerHasNone(EnumLevel level) {
        assertEquals(Set.of(), codes(level, server(TlsVersion.TLS1_2, List.of())));
    }

    @ParameterizedTest
    @EnumSource(EnumLevel.class)
    void protocolSslv3(EnumLevel level) {
        assertEquals(Set.of("protocol_sslv3"), codes(level, server(TlsVersion.SSL3, List.of(0x002f))));
    }

    @ParameterizedTest
    @EnumSource(EnumLevel.class)
    void protocolTls10(EnumLevel level) {
        assertEquals(Set.of("protocol_tls10"), codes(level, server(TlsVersion.TLS1_0, List.of(0xc013))));
    }

    @ParameterizedTest
    @EnumSource(EnumLevel.class)
    void protocolTls11(EnumLevel level) {
        assertEquals(Set.of("protocol_tls11"), codes(level, server(TlsVersion.TLS1_1, List.of(0xc013))));
    }

    @ParameterizedTest
    @EnumSource(EnumLevel.class)
    void cipherNull(EnumLevel level) {
        assertEquals(Set.of("cipher_null"), codes(level, server(TlsVersion.TLS1_2, List.of(0x003b))));
    }

    @ParameterizedTest
    @EnumSource(EnumLevel.class)
    void cipherNullIntegrityOnlyTls13(EnumLevel level) {
        SimulatedServer s = server(TlsVersion.TLS1_2, List.of());
        s.suites.put(TlsVersion.TLS1_3, List.of(0x1301, 0xc0b4));
        assertEquals(Set.of("cipher_null"), codes(level, s));
    }

    @ParameterizedTest
    @EnumSource(EnumLevel.class)
    void cipherExport(EnumLevel level) {
        // 0x0008 (RSA_EXPORT_WITH_DES40_CBC_SHA): export, and neither RC4 nor 3DES, so only cipher_export.
        assertEquals(Set.of("protocol_tls10", "cipher_export"), codes(level, server(TlsVersion.TLS1_0, List.of(0x0008))));
    }

    @ParameterizedTest
    @EnumSource(EnumLevel.class)
    void cipherAnonymous(EnumLevel level) {
        assertEquals(Set.of("cipher_anonymous"), codes(level, server(TlsVersion.TLS1_2, List.of(0x00a6))));
    }

    @ParameterizedTest
    @EnumSource(EnumLevel.class)
    void cipherRc4(EnumLevel level) {
        assertEquals(Set.of("cipher_rc4"), codes(level, server(TlsVersion.TLS1_2, List.of(0x0005))));
    }

    @ParameterizedTest
    @EnumSource(EnumLevel.class)
    void cipher3des(EnumLevel level) {
        assertEquals(Set.of("cipher_3des"), codes(level, server(TlsVersion.TLS1_2, List.of(0x000a))));
    }

    @ParameterizedTest
    @EnumSource(EnumLevel.class)
    void cipherCbcOnly(EnumLevel level) {
        SimulatedServer cbc = new SimulatedServer().version(TlsVersion.TLS1_2, List.of(0xc013, 0x002f), EC)
                .extensions(ExtensionTypes.RENEGOTIATION_INFO);
        assertEquals(Set.of("cipher_cbc_only", "no_pq_group"), codes(level, cbc));
        // Its own order puts CBC first, but it has GCM: fast's confirmation hello must find it.
        SimulatedServer cbcFirst = new SimulatedServer().version(TlsVersion.TLS1_2, List.of(0xc013, 0xc02f), EC)
                .extensions(ExtensionTypes.RENEGOTIATION_INFO);
        assertEquals(Set.of("no_pq_group"), codes(level, cbcFirst));
    }

    @ParameterizedTest
    @EnumSource(EnumLevel.class)
    void noForwardSecrecy(EnumLevel level) {
        SimulatedServer rsa = new SimulatedServer().version(TlsVersion.TLS1_2, List.of(0x009c, 0x009d), List.of())
                .extensions(ExtensionTypes.RENEGOTIATION_INFO);
        assertEquals(Set.of("no_forward_secrecy", "no_pq_group"), codes(level, rsa));
        SimulatedServer rsaFirst = new SimulatedServer().version(TlsVersion.TLS1_2, List.of(0x009c, 0xc02f), EC)
                .extensions(ExtensionTypes.RENEGOTIATION_INFO);
        assertEquals(Set.of("no_pq_group"), codes(level, rsaFirst));
    }

    @ParameterizedTest
    @EnumSource(EnumLevel.class)
    void noPqGroup(EnumLevel level) {
        SimulatedServer classic = server(TlsVersion.TLS1_2, List.of());
        classic.groups.put(TlsVersion.TLS1_3, List.of(NamedGroups.X25519, NamedGroups.SECP256R1));
        assertEquals(Set.of("no_pq_group"), codes(level, classic));
        // PQ supported but not the server's first choice: still found.
        SimulatedServer pqSecond = server(TlsVersion.TLS1_2, List.of());
        pqSecond.groups.put(TlsVersion.TLS1_3, List.of(NamedGroups.X25519, 0x11ec));
        assertEquals(Set.of(), codes(level, pqSecond));
    }

    @ParameterizedTest
    @EnumSource(EnumLevel.class)
    void noSecureRenegotiation(EnumLevel level) {
        SimulatedServer s = server(TlsVersion.TLS1_2, List.of());
        s.extensions.clear();
        assertEquals(Set.of("no_secure_renegotiation"), codes(level, s));
    }

    @ParameterizedTest
    @EnumSource(EnumLevel.class)
    void negativeFindingsNeedAnswers(EnumLevel level) {
        SimulatedServer s = new SimulatedServer().version(TlsVersion.TLS1_2, List.of(0x009c), List.of());
        s.timeout = n -> n == 5; // the TLS 1.3 hello: it might have been accepted
        EnumerationOutcome o = run(level, s);
        Set<String> c = o.findings().stream().map(Finding::code).collect(Collectors.toSet());
        assertFalse(o.info().complete());
        assertFalse(c.contains("no_forward_secrecy") || c.contains("cipher_cbc_only") || c.contains("no_pq_group"),
                c.toString());
        assertTrue(c.contains("no_secure_renegotiation"), c.toString());
    }
}
