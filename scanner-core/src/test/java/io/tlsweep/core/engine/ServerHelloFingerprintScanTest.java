package io.tlsweep.core.engine;

import static io.tlsweep.core.engine.EngineScans.scanOne;
import static io.tlsweep.core.engine.EngineScans.shortTimeouts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import io.tlsweep.core.fingerprint.ServerHelloFingerprints;
import io.tlsweep.core.lab.DemoLab;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.lab.fake.FakeBannerServer;
import io.tlsweep.core.lab.fake.FakeServer;
import io.tlsweep.core.lab.fake.SentServerHello;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.tls.TlsProvider;
import io.tlsweep.core.tls.wire.ServerHello;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The record's {@code fingerprints} through the whole engine: in-process Netty servers record the
 * ServerHello they write (below their SslHandler, so the exact bytes on the wire), and the record's
 * JA3S/JA4S must be those of that ServerHello. Both providers on both ends, TLS 1.2 and 1.3.
 */
class ServerHelloFingerprintScanTest {

    private static final String NAME = "ja4s." + DemoLab.DOMAIN;

    private static TestPki pki;
    private static HeldCertificate cert;

    @BeforeAll
    static void pki() {
        assumeTrue(TlsProvider.BORINGSSL.unavailableReason() == null, "half the servers run on BoringSSL");
        pki = TestPki.create("ja4s");
        cert = pki.leaf().dnsNames(NAME).build();
    }

    private static SslContextBuilder server(SslProvider provider, String protocol) {
        return SslContextBuilder.forServer(cert.keyPair().getPrivate(), cert.chain().toArray(X509Certificate[]::new))
                .sslProvider(provider).protocols(protocol);
    }

    @ParameterizedTest
    @CsvSource({"BORINGSSL, OPENSSL, TLSv1.3", "BORINGSSL, JDK, TLSv1.2", "JDK, JDK, TLSv1.3", "JDK, OPENSSL, TLSv1.2"})
    void theRecordCarriesTheFingerprintsOfTheServerHelloSent(TlsProvider client, SslProvider serverProvider,
                                                             String protocol) throws Exception {
        try (RecordingTlsServer server = new RecordingTlsServer(FakeServer.loopback(210),
                server(serverProvider, protocol).build())) {
            ScanRecord r = scanOne(shortTimeouts().provider(client).build(), server.target(NAME),
                    pki.root().certificate());
            assertEquals(Status.SUCCESS, r.status(), r.toString());
            ServerHello sent = server.nextServerHello();
            assertNotNull(r.fingerprints(), r.toString());
            assertEquals(ServerHelloFingerprints.of(sent), r.fingerprints());
            assertTrue(r.fingerprints().ja4s().startsWith(protocol.equals("TLSv1.3") ? "t13" : "t12"),
                    r.fingerprints().ja4s());
            assertTrue(r.fingerprints().ja3sRaw().startsWith("771," + sent.cipherSuite() + ","),
                    r.fingerprints().ja3sRaw());
        }
    }

    @ParameterizedTest
    @CsvSource({"BORINGSSL", "JDK"})
    void anAlertAfterTheServerHelloKeepsTheFingerprints(TlsProvider client) throws Exception {
        SslContext requiring = server(SslProvider.OPENSSL, "TLSv1.2").clientAuth(ClientAuth.REQUIRE)
                .trustManager(pki.root().certificate()).build();
        try (RecordingTlsServer server = new RecordingTlsServer(FakeServer.loopback(210), requiring)) {
            ScanRecord r = scanOne(shortTimeouts().provider(client).build(), server.target(NAME),
                    pki.root().certificate());
            assertEquals(Status.ALERT, r.status(), "as without the capture: " + r);
            assertEquals(ServerHelloFingerprints.of(server.nextServerHello()), r.fingerprints());
        }
    }

    @Test
    void aNonTlsServerLeavesFingerprintsNullAndTheStatusAlone() throws Exception {
        byte[] banner = "220 mail.example.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII);
        try (FakeBannerServer server = new FakeBannerServer(FakeServer.loopback(211), banner)) {
            ScanRecord r = scanOne(shortTimeouts().build(), server.target(), pki.root().certificate());
            assertEquals(Status.NOT_TLS, r.status(), r.toString());
            assertNull(r.fingerprints());
        }
    }

    /** A TLS server that parses what it writes below its SslHandler: the ServerHello as sent. */
    static final class RecordingTlsServer extends FakeServer {
        private final SslContext context;
        private final BlockingQueue<CompletableFuture<ServerHello>> sent = new LinkedBlockingQueue<>();

        RecordingTlsServer(InetAddress address, SslContext context) {
            super(address);
            this.context = context;
            bind();
        }

        @Override
        protected void initConnection(Channel ch) {
            SentServerHello recorder = new SentServerHello();
            sent.add(recorder.hello);
            ch.pipeline().addLast(recorder, context.newHandler(ch.alloc()), new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ReferenceCountUtil.release(msg); // the client sends nothing after the handshake that matters
                }
            });
        }

        ServerHello nextServerHello() throws Exception {
            CompletableFuture<ServerHello> next = sent.poll(10, TimeUnit.SECONDS);
            assertNotNull(next, "no connection reached the server");
            return next.get(10, TimeUnit.SECONDS);
        }
    }
}
