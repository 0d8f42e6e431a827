package io.tlsweep.core.enumerate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.result.EnumerationInfo;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.TlsExtensionSupport;
import io.tlsweep.core.tls.wire.ExtensionTypes;
import io.tlsweep.core.tls.wire.NamedGroups;
import io.tlsweep.core.tls.wire.TlsVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** {@code full} against simulated servers: exact suites, orders, groups; bounded against hostile ones. */
class EnumeratorFullTest {

    static EnumerationOutcome run(EnumLevel level, SimulatedServer server) {
        return new Enumerator(level).enumerate(server, "sim.lab.test").orTimeout(30, TimeUnit.SECONDS).join();
    }

    static SimulatedServer modern(boolean serverOrder) {
        SimulatedServer s = new SimulatedServer()
                .version(TlsVersion.TLS1_2, List.of(0xc030, 0xc02f, 0xcca8, 0x009e, 0xc028, 0x009c, 0x002f),
                        List.of(NamedGroups.SECP384R1, NamedGroups.X25519, NamedGroups.SECP256R1))
                .version(TlsVersion.TLS1_3, List.of(0x1302, 0x1301, 0x1303),
                        List.of(0x11ec, NamedGroups.X25519, NamedGroups.SECP256R1))
                .extensions(ExtensionTypes.RENEGOTIATION_INFO, ExtensionTypes.EXTENDED_MASTER_SECRET,
                        ExtensionTypes.SESSION_TICKET);
        s.serverOrder = serverOrder;
        return s;
    }

    @Test
    void modernServerWithItsOwnOrder() {
        SimulatedServer server = modern(true);
        EnumerationOutcome o = run(EnumLevel.FULL, server);
        EnumerationInfo info = o.info();
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), info.versions());
        assertEquals(Expected.of(server), Expected.byVersion(info));
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
                        "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "TLS_RSA_WITH_AES_128_GCM_SHA256",
                        "TLS_RSA_WITH_AES_128_CBC_SHA"),
                Expected.byVersion(info).get("TLSv1.2").suites());
        assertEquals(List.of("X25519MLKEM768", "x25519", "secp256r1"), Expected.byVersion(info).get("TLSv1.3").groups());
        assertEquals(List.of("secp384r1", "x25519", "secp256r1"), Expected.byVersion(info).get("TLSv1.2").groups());
        assertEquals(new TlsExtensionSupport(true, true, false, true, false, false, true), info.extensions());
        assertTrue(info.complete());
        assertEquals(server.hellos.get(), info.hellos());
        assertTrue(o.findings().isEmpty(), o.findings().toString());
    }

    @Test
    void serverFollowingTheClientsOrder() {
        SimulatedServer server = modern(false);
        EnumerationInfo info = run(EnumLevel.FULL, server).info();
        assertEquals(Expected.of(server), Expected.byVersion(info));
        assertEquals(Boolean.FALSE, Expected.byVersion(info).get("TLSv1.2").serverOrder());
        assertEquals(Boolean.FALSE, Expected.byVersion(info).get("TLSv1.3").serverOrder());
    }

    @Test
    void hellosAreAcceptedPlusOnePerWalk() {
        SimulatedServer server = modern(true);
        EnumerationInfo info = run(EnumLevel.FULL, server).info();
        // 5 version hellos; TLS 1.2: 6 more suites + 1 refusal, 1 order, 2 more groups + 1 refusal;
        // TLS 1.3: 2 + 1, 1, 2 + 1; fallback 1.
        assertEquals(5 + (6 + 1 + 1 + 2 + 1) + (2 + 1 + 1 + 2 + 1) + 1, info.hellos());
    }

    @Test
    void answersCompletedOnAnotherThreadAndOneHelloAtATime() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            SimulatedServer server = modern(true);
            server.async = pool;
            EnumerationInfo info = run(EnumLevel.FULL, server).info();
            assertEquals(Expected.of(server), Expected.byVersion(info));
            assertFalse(server.overlapped);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void legacyServerRejectingByClose() {
        SimulatedServer server = new SimulatedServer()
                .version(TlsVersion.SSL3, List.of(0x0005, 0x000a, 0x0004), List.of())
                .version(TlsVersion.TLS1_0, List.of(0x0005, 0x002f, 0x000a, 0x0018, 0x0003, 0x0002), List.of());
        server.rejectByClose = true;
        server.honourFallback = false;
        EnumerationOutcome o = run(EnumLevel.FULL, server);
        assertEquals(Expected.of(server), Expected.byVersion(o.info()));
        assertTrue(o.info().complete());
        // TLS_DH_anon_WITH_RC4_128_MD5 is ephemeral DH: anonymous, but forward secret, so no no_forward_secrecy.
        assertEquals(Boolean.FALSE, o.info().extensions().fallbackScsv());
        assertEquals(Boolean.FALSE, o.info().extensions().secureRenegotiation());
        assertEquals(List.of("protocol_sslv3", "protocol_tls10", "cipher_null", "cipher_export", "cipher_anonymous",
                "cipher_rc4", "cipher_3des", "no_pq_group", "no_secure_renegotiation"),
                o.findings().stream().map(Finding::code).toList());
    }

    @Test
    void timeoutsMakeTheOutcomeIncompleteButKeepWhatWasSeen() {
        SimulatedServer server = modern(true);
        server.timeout = n -> n == 7; // inside the TLS 1.2 suite walk
        EnumerationInfo info = run(EnumLevel.FULL, server).info();
        assertFalse(info.complete());
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), info.versions());
        assertFalse(Expected.byVersion(info).get("TLSv1.2").suitesComplete());
        assertTrue(Expected.byVersion(info).get("TLSv1.3").suitesComplete());
    }

    @Test
    void aSilentServerCostsAtMostThreeHellos() {
        SimulatedServer server = modern(true);
        server.timeout = n -> true;
        EnumerationInfo info = run(EnumLevel.FULL, server).info();
        assertEquals(EnumerationState.GIVE_UP_AFTER_UNKNOWN, info.hellos());
        assertFalse(info.complete());
        assertTrue(info.versions().isEmpty());
    }

    @Test
    void aServerAnsweringOneSuiteForeverCannotLoop() {
        SimulatedServer server = modern(true);
        server.alwaysSuite = 0xc02f;
        EnumerationOutcome o = run(EnumLevel.FULL, server);
        assertFalse(o.info().complete());
        assertTrue(o.info().hellos() < 40, "hellos " + o.info().hellos());
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
                Expected.byVersion(o.info()).get("TLSv1.2").suites());
    }

    @Test
    void aServerAnsweringSuitesNeverOfferedIsUnknownNotAccepted() {
        SimulatedServer server = modern(true);
        server.alwaysSuite = 0x0a0a; // GREASE, never offered
        EnumerationOutcome o = run(EnumLevel.FULL, server);
        assertFalse(o.info().complete());
        assertTrue(o.info().versions().isEmpty());
    }

    @Test
    void aFallbackHelloClosedWithoutAnAlertIsHonouredAndAnsweredIsNot() {
        SimulatedServer closes = modern(true);
        closes.fallbackByClose = true; // Dovecot: the connection ends before the alert is written
        assertEquals(Boolean.TRUE, run(EnumLevel.FULL, closes).info().extensions().fallbackScsv());
        SimulatedServer ignores = modern(true);
        ignores.honourFallback = false;
        assertEquals(Boolean.FALSE, run(EnumLevel.FAST, ignores).info().extensions().fallbackScsv());
    }

    @Property(tries = 150)
    void fullRecoversRandomServersExactly(@ForAll long seed) {
        SimulatedServer server = randomServer(new Random(seed));
        EnumerationOutcome o = run(EnumLevel.FULL, server);
        assertEquals(Expected.of(server), Expected.byVersion(o.info()), "seed " + seed);
        assertTrue(o.info().complete(), "seed " + seed);
        assertEquals(server.hellos.get(), o.info().hellos());
        if (o.info().versions().size() >= 2) {
            assertEquals(server.honourFallback, o.info().extensions().fallbackScsv(), "seed " + seed);
        } else {
            assertNull(o.info().extensions().fallbackScsv());
        }
    }

    static SimulatedServer randomServer(Random r) {
        SimulatedServer s = new SimulatedServer();
        s.serverOrder = r.nextBoolean();
        s.honourFallback = r.nextBoolean();
        s.rejectByClose = r.nextInt(4) == 0;
        s.dhBits = r.nextBoolean() ? 1024 : 2048;
        for (int v : Candidates.VERSIONS) {
            if (r.nextInt(3) == 0) {
                continue;
            }
            List<Integer> pool = new ArrayList<>(Candidates.suites(v));
            Collections.shuffle(pool, r);
            List<Integer> g = new ArrayList<>(EnumerationState.groupsFor(v));
            Collections.shuffle(g, r);
            s.version(v, pool.subList(0, 1 + r.nextInt(Math.min(12, pool.size()))),
                    g.subList(0, r.nextInt(Math.min(5, g.size()) + 1)));
        }
        if (s.versions.isEmpty()) {
            s.version(TlsVersion.TLS1_2, List.of(0x002f), List.of());
        }
        if (r.nextBoolean()) {
            s.extensions(ExtensionTypes.RENEGOTIATION_INFO);
        }
        return s;
    }
}
