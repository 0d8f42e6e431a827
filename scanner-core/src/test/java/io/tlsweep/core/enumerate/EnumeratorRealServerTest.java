package io.tlsweep.core.enumerate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.lab.fake.FakeServer;
import io.tlsweep.core.lab.fake.FakeTlsServer;
import io.tlsweep.core.result.EnumerationInfo;
import io.tlsweep.core.result.VersionEnumeration;
import io.tlsweep.core.tls.TlsProvider;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The enumerator against a real TLS stack: an in-process Netty server with BoringSSL (tcnative) on
 * 127.0.0.x, with a known version and TLS 1.2 suite configuration, reached through a blocking-socket
 * exchange. BoringSSL ignores TLS 1.3 suite restrictions, so TLS 1.3 is asserted as it really is.
 */
class EnumeratorRealServerTest {

    static {
        TlsProvider.preferred(); // JSSE policy before any JSSE use (see ServerHelloParserTest)
    }

    private static final TestPki PKI = TestPki.create("enum");
    private static final HeldCertificate LEAF = PKI.leaf().dnsNames("enum.lab.test").build();
    private static final ExecutorService IO = Executors.newSingleThreadExecutor();

    /** The TLS 1.2 suites configured, as BoringSSL names them by their IANA names. */
    private static final List<String> TLS12 = List.of("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");

    @AfterAll
    static void stop() {
        IO.shutdownNow();
    }

    @Test
    void boringSslTls12And13Full() throws Exception {
        try (FakeTlsServer server = new FakeTlsServer(FakeServer.loopback(213),
                context(SslProvider.OPENSSL, "TLSv1.2", "TLSv1.3"))) {
            SocketHelloExchange exchange = exchange(server);
            EnumerationOutcome o = new Enumerator(EnumLevel.FULL).enumerate(exchange, "enum.lab.test")
                    .get(120, TimeUnit.SECONDS);
            EnumerationInfo info = o.info();
            assertTrue(info.complete(), info.toString());
            assertEquals(exchange.sent.get(), info.hellos());
            assertEquals(List.of("TLSv1.2", "TLSv1.3"), info.versions());
            Map<String, VersionEnumeration> v = Expected.byVersion(info);
            assertEquals(java.util.Set.copyOf(TLS12), java.util.Set.copyOf(v.get("TLSv1.2").suites()));
            assertTrue(v.get("TLSv1.2").suitesComplete());
            assertEquals(java.util.Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                    "TLS_CHACHA20_POLY1305_SHA256"), java.util.Set.copyOf(v.get("TLSv1.3").suites()));
            // ECDSA suites only: each group alone, and BoringSSL uses its P-256 certificate only when
            // P-256 is among the client's groups (GroupWalk): exactly the certificate's curve.
            assertEquals(List.of("secp256r1"), v.get("TLSv1.2").groups());
            assertTrue(v.get("TLSv1.3").groups().contains("x25519"), v.get("TLSv1.3").groups().toString());
            // BoringSSL's default server groups (through Netty) include the hybrid post-quantum group.
            assertTrue(v.get("TLSv1.3").groups().contains("X25519MLKEM768"), v.get("TLSv1.3").groups().toString());
            assertTrue(o.findings().stream().noneMatch(f -> f.code().equals("no_pq_group")), o.findings().toString());
            assertNotNull(v.get("TLSv1.2").serverOrder());
            assertEquals(Boolean.TRUE, info.extensions().secureRenegotiation());
            assertEquals(Boolean.TRUE, info.extensions().extendedMasterSecret());
            assertEquals(Boolean.FALSE, info.extensions().compression());
            assertEquals(Boolean.TRUE, info.extensions().fallbackScsv());
            assertEquals(LEAF.chain(), io.tlsweep.core.analysis.DerChain.decode(o.chain()),
                    "the chain of the TLS 1.2 answer, read in the clear");
        }
    }

    @Test
    void boringSslFastFindsTheLegacyVersions() throws Exception {
        try (FakeTlsServer server = new FakeTlsServer(FakeServer.loopback(214),
                context(SslProvider.OPENSSL, "TLSv1", "TLSv1.1", "TLSv1.2"))) {
            SocketHelloExchange exchange = exchange(server);
            EnumerationOutcome o = new Enumerator(EnumLevel.FAST).enumerate(exchange, "enum.lab.test")
                    .get(120, TimeUnit.SECONDS);
            EnumerationInfo info = o.info();
            assertTrue(info.complete(), info.toString());
            assertEquals(List.of("TLSv1", "TLSv1.1", "TLSv1.2"), info.versions());
            // Only the CBC suite exists below TLS 1.2.
            assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", Expected.byVersion(info).get("TLSv1").preferred());
            assertTrue(TLS12.contains(Expected.byVersion(info).get("TLSv1.2").preferred()));
            List<String> codes = o.findings().stream().map(io.tlsweep.core.result.Finding::code).toList();
            assertTrue(codes.containsAll(List.of("protocol_tls10", "protocol_tls11", "no_pq_group")), codes.toString());
            assertTrue(info.hellos() <= 12, "hellos " + info.hellos());
        }
    }

    @Test
    void boringSslTls12And13Fast() throws Exception {
        try (FakeTlsServer server = new FakeTlsServer(FakeServer.loopback(215),
                context(SslProvider.OPENSSL, "TLSv1.2", "TLSv1.3"))) {
            SocketHelloExchange exchange = exchange(server);
            EnumerationOutcome o = new Enumerator(EnumLevel.FAST).enumerate(exchange, "enum.lab.test")
                    .get(120, TimeUnit.SECONDS);
            EnumerationInfo info = o.info();
            assertTrue(info.complete(), info.toString());
            assertEquals(List.of("TLSv1.2", "TLSv1.3"), info.versions());
            Map<String, VersionEnumeration> v = Expected.byVersion(info);
            // BoringSSL (through Netty) keeps its own order at TLS 1.2: the configured first suite.
            assertEquals(TLS12.get(0), v.get("TLSv1.2").preferred());
            assertEquals(Boolean.TRUE, v.get("TLSv1.2").serverOrder());
            assertEquals(List.of(), o.findings());
            assertTrue(info.hellos() <= 12, "hellos " + info.hellos());
        }
    }

    @Test
    void boringSslLegacyVersionsFull() throws Exception {
        try (FakeTlsServer server = new FakeTlsServer(FakeServer.loopback(216),
                context(SslProvider.OPENSSL, "TLSv1", "TLSv1.1", "TLSv1.2"))) {
            EnumerationOutcome o = new Enumerator(EnumLevel.FULL).enumerate(exchange(server), "enum.lab.test")
                    .get(120, TimeUnit.SECONDS);
            Map<String, VersionEnumeration> v = Expected.byVersion(o.info());
            assertTrue(o.info().complete());
            // The GCM and ChaCha20 suites need TLS 1.2: below it only the CBC suite remains.
            assertEquals(List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"), v.get("TLSv1").suites());
            assertEquals(List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"), v.get("TLSv1.1").suites());
            assertEquals(TLS12, v.get("TLSv1.2").suites()); // in the server's order
        }
    }

    /** JSSE restricts TLS 1.3 suites as configured, unlike BoringSSL. */
    @Test
    void jdkTls12And13Full() throws Exception {
        try (FakeTlsServer server = new FakeTlsServer(FakeServer.loopback(217),
                context(SslProvider.JDK, "TLSv1.2", "TLSv1.3"))) {
            EnumerationOutcome o = new Enumerator(EnumLevel.FULL).enumerate(exchange(server), "enum.lab.test")
                    .get(120, TimeUnit.SECONDS);
            Map<String, VersionEnumeration> v = Expected.byVersion(o.info());
            assertTrue(o.info().complete(), o.info().toString());
            assertEquals(List.of("TLSv1.2", "TLSv1.3"), o.info().versions());
            assertEquals(java.util.Set.copyOf(TLS12), java.util.Set.copyOf(v.get("TLSv1.2").suites()));
            assertEquals(List.of("TLS_AES_128_GCM_SHA256"), v.get("TLSv1.3").suites());
        }
    }

    private static SocketHelloExchange exchange(FakeServer server) {
        return new SocketHelloExchange(new InetSocketAddress(server.address(), server.port()), IO);
    }

    private static SslContext context(SslProvider provider, String... protocols) throws Exception {
        return SslContextBuilder.forServer(LEAF.keyPair().getPrivate(), LEAF.chain().toArray(X509Certificate[]::new))
                .sslProvider(provider)
                .protocols(protocols)
                .ciphers(withTls13(TLS12))
                .build();
    }

    /**
     * Netty turns TLS 1.3 off when the cipher list names no TLS 1.3 suite (the server then answers a
     * 1.3 hello with protocol_version), so one is named; BoringSSL then enables all three it has.
     */
    private static List<String> withTls13(List<String> tls12) {
        List<String> all = new java.util.ArrayList<>(tls12);
        all.add("TLS_AES_128_GCM_SHA256");
        return all;
    }
}
