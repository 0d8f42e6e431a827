package io.tlsweep.core.engine;

import static io.tlsweep.core.engine.EngineScans.scanOne;
import static io.tlsweep.core.engine.EngineScans.shortTimeouts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.tlsweep.core.lab.DemoLab;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.lab.fake.FakeServer;
import io.tlsweep.core.lab.fake.FakeStrictSniServer;
import io.tlsweep.core.lab.fake.FakeTlsServer;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.tls.TlsClientContextFactory;
import io.tlsweep.core.tls.TlsProvider;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TLS servers that refuse, demand or serve odd things, scanned through the whole engine with both
 * client providers. The servers are BoringSSL (Netty's OPENSSL provider) unless a case needs JSSE,
 * so the alerts pinned here are BoringSSL's choices.
 */
class HostileTlsServersTest {

    private static final String NAME = "hostile-tls." + DemoLab.DOMAIN;

    private static TestPki pki;
    private static HeldCertificate cert;

    @BeforeAll
    static void pki() {
        // Through TlsProvider, not OpenSsl.isAvailable(): loading OpenSsl first would freeze JSSE's
        // settings before JdkTlsPolicy relaxes them (and break TLS 1.0 for the JDK client).
        assumeTrue(TlsProvider.BORINGSSL.unavailableReason() == null, "the fake TLS servers run on BoringSSL");
        pki = TestPki.create("hostile tls");
        cert = pki.leaf().dnsNames(NAME).build();
    }

    private static SslContextBuilder server(HeldCertificate held, String... protocols) {
        return SslContextBuilder.forServer(held.keyPair().getPrivate(), held.chain().toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.OPENSSL)
                .protocols(protocols);
    }

    private static SslContext requiringClientCert(String protocol) throws Exception {
        return server(cert, protocol).clientAuth(ClientAuth.REQUIRE).trustManager(pki.root().certificate()).build();
    }

    private static ScanRecord scan(TlsProvider provider, FakeServer server) throws Exception {
        return scanOne(shortTimeouts().provider(provider).build(), server.target(NAME), pki.root().certificate());
    }

    private static List<String> codes(ScanRecord r) {
        return r.findings().stream().map(Finding::code).sorted().toList();
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void tls12RequiredClientCertIsAnAlertWithTheChainKept(TlsProvider provider) throws Exception {
        try (FakeTlsServer server = new FakeTlsServer(FakeServer.loopback(51), requiringClientCert("TLSv1.2"))) {
            ScanRecord r = scan(provider, server);

            assertEquals(Status.ALERT, r.status(), r.toString());
            assertEquals(Phase.HANDSHAKE, r.phase());
            assertEquals("alert:handshake_failure", r.error(), "what BoringSSL sends for a missing client cert");
            assertNotNull(r.certs(), "the chain came before the CertificateRequest and is analysed");
            assertEquals(List.of(NAME), r.certs().leaf().sanDns());
            assertEquals(1, r.certs().chain().size(), "the intermediate, as served");
            assertTrue(r.certs().verdict().trusted(), r.certs().toString());
            assertEquals(List.of(), codes(r));
            // A failed record has no TlsInfo, so client_cert_requested has nowhere to go...
            assertNull(r.tls());
            assertTrue(server.nextHandshakeResult(5, TimeUnit.SECONDS).isPresent(), "the server refused");

            // ...although the probe itself saw the CertificateRequest: the loss is in the record.
            AttemptOutcome outcome = probeOnce(provider, server);
            assertEquals(Status.ALERT, outcome.status());
            assertTrue(outcome.clientCertRequested(), "the probe noticed the CertificateRequest");
            assertNotNull(outcome.chain());
        }
    }

    /** One bare TcpProbe attempt, below the record assembler, to see what the probe itself captured. */
    private static AttemptOutcome probeOnce(TlsProvider provider, FakeServer server) throws Exception {
        ScanConfig config = shortTimeouts().provider(provider).build();
        Transports nio = Transports.select(false);
        MultiThreadIoEventLoopGroup group = nio.newGroup(1);
        try {
            Bootstrap template = new Bootstrap().group(group).channel(nio.socketChannel())
                    .option(ChannelOption.SO_LINGER, 0);
            CompletableFuture<AttemptOutcome> done = new CompletableFuture<>();
            new TcpProbe(server.target(NAME), 1, TlsClientContextFactory.create(provider, config.alpn()), config,
                    done::complete).start(template, group.next());
            return done.get(30, TimeUnit.SECONDS);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /**
     * In TLS 1.3 the client's handshake ends when it sends its Finished (with an empty Certificate),
     * before the server answers with certificate_required. Because the server asked for a
     * certificate, the probe listens briefly after the handshake and reports the alert, keeping what
     * the handshake negotiated.
     */
    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void tls13RequiredClientCertIsTheAlertAfterTheHandshake(TlsProvider provider) throws Exception {
        try (FakeTlsServer server = new FakeTlsServer(FakeServer.loopback(52), requiringClientCert("TLSv1.3"))) {
            ScanRecord r = scan(provider, server);

            assertEquals(Status.ALERT, r.status(), r.toString());
            assertEquals("alert:certificate_required", r.error());
            assertEquals(Phase.HANDSHAKE, r.phase());
            assertNotNull(r.tls(), "the handshake finished on our side: its parameters are kept");
            assertEquals("TLSv1.3", r.tls().version());
            assertTrue(r.tls().clientCertRequested(), r.tls().toString());
            assertNotNull(r.certs());
            assertEquals(List.of(), codes(r));
            Optional<Throwable> serverSide = server.nextHandshakeResult(5, TimeUnit.SECONDS);
            assertTrue(serverSide.isPresent(), "the server did not accept the handshake");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void strictSniAnswersAnUnknownNameWithUnrecognizedName(TlsProvider provider) throws Exception {
        try (FakeStrictSniServer server = new FakeStrictSniServer(FakeServer.loopback(53), cert, NAME)) {
            String unknown = "unknown." + DemoLab.DOMAIN;
            ScanRecord r = scanOne(shortTimeouts().provider(provider).build(), server.target(unknown),
                    pki.root().certificate());

            assertEquals(Status.ALERT, r.status(), r.toString());
            assertEquals(Phase.HANDSHAKE, r.phase());
            assertEquals("alert:unrecognized_name", r.error());
            assertNull(r.certs(), "the server refused before its Certificate message");
            assertNull(r.tls());

            ScanRecord known = scan(provider, server);
            assertEquals(Status.SUCCESS, known.status(), "the name it serves still works: " + known);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void tls10OnlyServerIsReportedAsDeprecated(TlsProvider provider) throws Exception {
        // Netty's default server suites are AEAD-only; TLS 1.0 with an EC key needs a CBC suite.
        SslContext tls10 = server(cert, "TLSv1").ciphers(List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA")).build();
        try (FakeTlsServer server = new FakeTlsServer(FakeServer.loopback(54), tls10)) {
            ScanRecord r = scan(provider, server);

            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertEquals("TLSv1", r.tls().version());
            assertEquals(List.of("deprecated_protocol"), codes(r), r.findings().toString());
            assertTrue(r.certs().verdict().trusted());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void sixtyCertificateChainIsKeptWhole(TlsProvider provider) throws Exception {
        HeldCertificate issuer = pki.intermediate();
        for (int i = 2; i < 60; i++) {
            issuer = pki.newIntermediate("hostile tls intermediate " + i, issuer);
        }
        HeldCertificate deep = pki.leaf().dnsNames(NAME).issuedBy(issuer).build();
        assertEquals(60, deep.chain().size());
        // About 34 KB of Certificate message: over JSSE's default 32 KB and 10-certificate limits and
        // over Netty's BoringSSL verify depth of 10, which both providers must be relieved of.
        try (FakeTlsServer server = new FakeTlsServer(FakeServer.loopback(55), server(deep, "TLSv1.3", "TLSv1.2").build())) {
            ScanRecord r = scan(provider, server);

            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertNotNull(r.certs());
            assertEquals(List.of(NAME), r.certs().leaf().sanDns());
            assertEquals(59, r.certs().chain().size(), "every certificate after the leaf, as served");
            assertEquals("hostile tls intermediate 59", r.certs().chain().get(0).subjectCn());
            assertTrue(r.certs().verdict().chainComplete(), "the chain reaches the lab root");
            assertTrue(r.certs().verdict().chainOrdered());
            // The JDK path builder's default maxPathLength (5) is lifted: long but valid is trusted.
            assertTrue(r.certs().verdict().trusted(), r.certs().findings().toString());
            assertEquals(List.of(), codes(r));
        }
    }
}
