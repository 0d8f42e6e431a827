package io.tlsweep.protocols.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.engine.ProbeKind;
import io.tlsweep.core.engine.ScanConfig;
import io.tlsweep.core.engine.ScanEngine;
import io.tlsweep.core.engine.ScanRun;
import io.tlsweep.core.enumerate.EndpointEnumerator;
import io.tlsweep.core.enumerate.EnumLevel;
import io.tlsweep.core.enumerate.EnumerationOutcome;
import io.tlsweep.core.enumerate.HelloReply;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.core.result.EnumerationInfo;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.tls.wire.CipherSuites;
import io.tlsweep.core.tls.wire.ClientHelloSpec;
import io.tlsweep.core.tls.wire.Extensions;
import io.tlsweep.core.tls.wire.NamedGroups;
import io.tlsweep.core.tls.wire.TlsVersion;
import io.tlsweep.protocols.Protocols;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --enum} on STARTTLS endpoints, through the real engine: every enumeration hello is a new
 * connection that goes through the same upgrade as the probe (EHLO, STARTTLS / a STARTTLS) before
 * the raw ClientHello, and the server's TLS answer comes back parsed.
 */
class EnumerationAfterStartTlsTest {

    private static TestPki pki;
    private static SslContext serverTls;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create("enum-starttls");
        HeldCertificate leaf = pki.leaf().dnsNames("mx.example.test").build();
        serverTls = SslContextBuilder.forServer(leaf.keyPair().getPrivate(), leaf.chain()).protocols("TLSv1.2").build();
    }

    /** Sends {@code n} TLS 1.2 hellos and keeps the replies; reports them as the enumeration's hello count. */
    private static final class Recording implements EndpointEnumerator {
        final List<HelloReply> replies = Collections.synchronizedList(new ArrayList<>());
        private final int n;

        Recording(int n) {
            this.n = n;
        }

        @Override
        public CompletableFuture<EnumerationOutcome> enumerate(io.tlsweep.core.enumerate.HelloExchange exchange,
                                                               String sni) {
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (int i = 0; i < n; i++) {
                chain = chain.thenCompose(v -> exchange.send(hello()).thenAccept(replies::add));
            }
            return chain.thenApply(v -> new EnumerationOutcome(new EnumerationInfo("fast", n,
                    replies.stream().allMatch(r -> r.failure() == null), List.of("TLSv1.2"), List.of(), null),
                    List.of()));
        }

        private static ClientHelloSpec hello() {
            return ClientHelloSpec.builder().helloVersion(TlsVersion.TLS1_2)
                    .cipherSuites(List.of(0xc02b, 0xc02f, 0xc02c, 0xc030,
                            CipherSuites.TLS_EMPTY_RENEGOTIATION_INFO_SCSV))
                    .extension(Extensions.supportedGroups(List.of(NamedGroups.X25519, NamedGroups.SECP256R1)))
                    .extension(Extensions.ecPointFormats(0))
                    .extension(Extensions.signatureAlgorithms(List.of(0x0403, 0x0804, 0x0401, 0x0503, 0x0805)))
                    .build();
        }
    }

    private void enumerateThrough(String dialectName, FakeTextServer server, String upgrade) throws Exception {
        StartTlsDialect dialect = Protocols.dialect(dialectName).orElseThrow();
        Recording enumerator = new Recording(2);
        ScanConfig config = ScanConfig.builder().connectTimeout(Duration.ofSeconds(2))
                .handshakeTimeout(Duration.ofSeconds(2)).totalTimeout(Duration.ofSeconds(20))
                .enumerator(enumerator, EnumLevel.FAST).perHostRate(20).build();
        CertificateAnalyzer analyzer = new CertificateAnalyzer(TrustAnchors.of(List.of(pki.root().certificate())));
        Queue<ScanRecord> records = new ConcurrentLinkedQueue<>();
        try (ScanEngine engine = new ScanEngine(config, analyzer, t -> new ProbeKind("svc", dialect))) {
            ScanRun run = engine.start(List.of(server.target()).iterator(), records::add);
            run.completion().get(60, TimeUnit.SECONDS);
        }
        assertEquals(1, records.size());
        ScanRecord r = records.peek();
        assertEquals(Status.SUCCESS, r.status(), r.toString());
        assertEquals("starttls", r.tlsMode());
        assertNotNull(r.enumeration(), r.toString());
        assertEquals(2, enumerator.replies.size());
        for (HelloReply reply : enumerator.replies) {
            assertNull(reply.failure(), reply.detail());
            assertNotNull(reply.flight().serverHello(), "the TLS answer after the upgrade");
            assertEquals(TlsVersion.TLS1_2, reply.flight().serverHello().negotiatedVersion());
            assertTrue(reply.flight().serverHelloDone());
        }
        assertEquals(3, server.commands().stream().filter(upgrade::equals).count(),
                "the probe and each hello upgraded: " + server.commands());
    }

    @Test
    void smtpHellosGoThroughEhloAndStartTls() throws Exception {
        try (FakeTextServer server = new FakeTextServer(238, "220 mx.example.test ESMTP Postfix (Debian/GNU)\r\n",
                Map.of("EHLO tlsweep.invalid", "250-mx.example.test\r\n250-STARTTLS\r\n250 8BITMIME\r\n",
                        "STARTTLS", "220 2.0.0 Ready to start TLS\r\n"), "STARTTLS", serverTls)) {
            enumerateThrough("smtp", server, "STARTTLS");
        }
    }

    @Test
    void imapHellosGoThroughStartTls() throws Exception {
        try (FakeTextServer server = new FakeTextServer(239,
                "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] Dovecot (Debian) ready.\r\n",
                Map.of("a2 STARTTLS", "a2 OK Begin TLS negotiation now.\r\n"), "a2 STARTTLS", serverTls)) {
            enumerateThrough("imap", server, "a2 STARTTLS");
        }
    }
}
