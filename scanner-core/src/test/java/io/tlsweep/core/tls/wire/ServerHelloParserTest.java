package io.tlsweep.core.tls.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.tlsweep.core.fingerprint.JarmAnswer;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.tls.TlsProvider;
import io.tlsweep.core.lab.fake.FakeServer;
import io.tlsweep.core.lab.fake.FakeTlsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The parser on real answers: raw hellos from {@link ClientHelloBuilder} sent to in-process Netty
 * servers (BoringSSL and JDK providers, TLS 1.2 and 1.3), each answer parsed whole and again one
 * byte per feed.
 */
class ServerHelloParserTest {

    static {
        // JdkTlsPolicy before any JSSE use: a JDK server context made first would freeze JSSE's settings
        // for this JVM, and later JDK-provider tests (TLS 1.0, long chains) would fail.
        TlsProvider.preferred();
    }

    private static final TestPki PKI = TestPki.create("wire");
    private static final HeldCertificate LEAF = PKI.leaf().dnsNames("wire.lab.test").build();
    private static final List<Integer> SUITES = List.of(0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030,
            0xcca9, 0xcca8, 0xc009, 0xc013, 0x009c, 0x002f, CipherSuites.TLS_EMPTY_RENEGOTIATION_INFO_SCSV);

    enum Provider { OPENSSL, JDK }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void tls12AnswerWithTheChainInTheClear(Provider provider) throws Exception {
        try (FakeTlsServer server = new FakeTlsServer(FakeServer.loopback(190), context(provider, "TLSv1.2"))) {
            byte[] sessionId = new byte[32];
            new Random(1).nextBytes(sessionId);
            Parsed p = exchange(server, hello(sessionId, List.of(keyShare())));
            ServerHello sh = p.flight.serverHello();
            assertNotNull(sh, p.toString());
            assertEquals(TlsVersion.TLS1_2, sh.negotiatedVersion());
            assertTrue(SUITES.contains(sh.cipherSuite()), sh.cipherSuiteName());
            assertTrue(sh.cipherSuiteName().startsWith("TLS_ECDHE_ECDSA_"), sh.cipherSuiteName());
            assertNotNull(sh.extension(ExtensionTypes.RENEGOTIATION_INFO), sh.extensions().toString());
            assertEquals("h2", sh.alpn());
            assertTrue(p.flight.serverHelloDone());
            assertNull(p.flight.alert());
            // ServerKeyExchange of the ECDHE suite names one of the two groups offered.
            assertTrue(List.of(NamedGroups.X25519, NamedGroups.SECP256R1).contains(p.flight.keyExchangeGroup()),
                    String.valueOf(p.flight.keyExchangeGroup()));
            assertNull(p.flight.dhPrimeBits());
            List<byte[]> expected = new ArrayList<>();
            for (X509Certificate c : LEAF.chain()) {
                expected.add(c.getEncoded());
            }
            assertEquals(expected.size(), p.flight.certificates().size());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), p.flight.certificates().get(i));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void tls13AnswerStopsAtTheServerHello(Provider provider) throws Exception {
        try (FakeTlsServer server = new FakeTlsServer(FakeServer.loopback(191), context(provider, "TLSv1.3"))) {
            byte[] sessionId = new byte[32];
            new Random(2).nextBytes(sessionId);
            Parsed p = exchange(server, hello(sessionId, List.of(keyShare())));
            ServerHello sh = p.flight.serverHello();
            assertNotNull(sh, p.toString());
            assertEquals(TlsVersion.TLS1_2, sh.legacyVersion());
            assertEquals(TlsVersion.TLS1_3, sh.negotiatedVersion());
            assertEquals(NamedGroups.X25519, sh.keyShareGroup());
            assertArrayEquals(sessionId, sh.sessionId());
            assertFalse(sh.isHelloRetryRequest());
            assertTrue(sh.cipherSuiteName().startsWith("TLS_AES_") || sh.cipherSuiteName().startsWith("TLS_CHACHA20"));
            assertTrue(p.flight.certificates().isEmpty());
            assertTrue(p.done);
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void helloRetryRequestWhenNoShareIsOffered(Provider provider) throws Exception {
        try (FakeTlsServer server = new FakeTlsServer(FakeServer.loopback(192), context(provider, "TLSv1.3"))) {
            Parsed p = exchange(server, hello(new byte[32], List.of()));
            ServerHello sh = p.flight.serverHello();
            assertNotNull(sh, p.toString());
            assertTrue(sh.isHelloRetryRequest());
            assertTrue(List.of(NamedGroups.X25519, NamedGroups.SECP256R1).contains(sh.keyShareGroup()),
                    NamedGroups.name(sh.keyShareGroup()));
            assertTrue(p.done);
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void alertWhenNoSuiteIsShared(Provider provider) throws Exception {
        try (FakeTlsServer server = new FakeTlsServer(FakeServer.loopback(193), context(provider, "TLSv1.2"))) {
            byte[] hello = ClientHelloSpec.builder()
                    .cipherSuites(List.of(0x0004, 0x0005))
                    .extension(Extensions.serverName("wire.lab.test"))
                    .build().toRecord();
            Parsed p = exchange(server, hello);
            assertNull(p.flight.serverHello());
            assertNotNull(p.flight.alert(), p.toString());
            assertTrue(p.flight.alert().fatal());
            assertEquals("handshake_failure", p.flight.alert().name());
        }
    }

    private static SslContext context(Provider provider, String protocol) throws Exception {
        return SslContextBuilder.forServer(LEAF.keyPair().getPrivate(), LEAF.chain().toArray(X509Certificate[]::new))
                .sslProvider(provider == Provider.OPENSSL ? SslProvider.OPENSSL : SslProvider.JDK)
                .protocols(protocol)
                .applicationProtocolConfig(new io.netty.handler.ssl.ApplicationProtocolConfig(
                        io.netty.handler.ssl.ApplicationProtocolConfig.Protocol.ALPN,
                        io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        "h2", "http/1.1"))
                .build();
    }

    /** A random 32-byte X25519 share: any 32 bytes are a valid X25519 public value. */
    private static KeyShareEntry keyShare() {
        byte[] key = new byte[32];
        new Random(3).nextBytes(key);
        return new KeyShareEntry(NamedGroups.X25519, key);
    }

    private static byte[] hello(byte[] sessionId, List<KeyShareEntry> shares) {
        return ClientHelloSpec.builder()
                .sessionId(sessionId)
                .cipherSuites(SUITES)
                .extension(Extensions.serverName("wire.lab.test"))
                .extension(Extensions.supportedGroups(List.of(NamedGroups.X25519, NamedGroups.SECP256R1)))
                .extension(Extensions.ecPointFormats(0))
                .extension(Extensions.signatureAlgorithms(List.of(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501,
                        0x0806, 0x0601)))
                .extension(Extensions.alpn(List.of("h2", "http/1.1")))
                .extension(Extensions.extendedMasterSecret())
                .extension(Extensions.renegotiationInfo())
                .extension(Extensions.supportedVersions(List.of(TlsVersion.TLS1_3, TlsVersion.TLS1_2)))
                .extension(Extensions.keyShare(shares))
                .extension(Extensions.pskKeyExchangeModes(Extensions.PSK_DHE_KE))
                .build().toRecord();
    }

    record Parsed(ServerFlight flight, boolean done, byte[] bytes) {
    }

    /** Sends {@code hello}, reads until the parser is done or the server closes; checks byte-wise feeding agrees. */
    static Parsed exchange(FakeServer server, byte[] hello) throws IOException, WireFormatException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ServerHelloParser parser = new ServerHelloParser();
        boolean done = false;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(server.address(), server.port()), 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(hello);
            InputStream in = s.getInputStream();
            byte[] chunk = new byte[4096];
            while (!done) {
                int n = in.read(chunk);
                if (n < 0) {
                    break;
                }
                all.write(chunk, 0, n);
                done = parser.feed(chunk, 0, n);
            }
        }
        byte[] bytes = all.toByteArray();
        ServerHello sh = parser.result().serverHello();
        if (sh != null && sh.hasExtensionsBlock()) {
            // JARM reads the same answer by the reference's fixed offsets: on a well-formed ServerHello the two agree.
            assertEquals(jarmView(sh), JarmAnswer.of(bytes));
        }
        ServerHelloParser oneByOne = new ServerHelloParser();
        boolean doneToo = false;
        for (int i = 0; i < bytes.length && !doneToo; i++) {
            doneToo = oneByOne.feed(bytes, i, 1);
        }
        assertEquals(done, doneToo);
        assertEquals(describe(parser.result()), describe(oneByOne.result()));
        return new Parsed(parser.result(), done, bytes);
    }

    /** What JARM's answer must say about {@code sh}: suite|legacy version|ALPN|extension types. */
    private static String jarmView(ServerHello sh) {
        StringBuilder types = new StringBuilder();
        for (Extension e : sh.extensions()) {
            types.append(types.length() > 0 ? "-" : "").append(String.format("%04x", e.type()));
        }
        return String.format("%04x|%04x|%s|%s", sh.cipherSuite(), sh.legacyVersion(),
                sh.alpn() == null ? "" : sh.alpn(), types);
    }

    static String describe(ServerFlight f) {
        ServerHello sh = f.serverHello();
        StringBuilder b = new StringBuilder();
        if (sh != null) {
            b.append(String.format("sh %04x %04x %s %s;", sh.legacyVersion(), sh.cipherSuite(),
                    java.util.HexFormat.of().formatHex(sh.sessionId()), sh.extensions()));
        }
        if (f.alert() != null) {
            b.append("alert ").append(f.alert()).append(';');
        }
        b.append("certs ").append(f.certificates().size()).append(f.certificatesCapped() ? "+" : "");
        for (byte[] c : f.certificates()) {
            b.append(' ').append(java.util.Arrays.hashCode(c));
        }
        return b.append(" done ").append(f.serverHelloDone()).append(" enc ").append(f.encryptedFollows())
                .append(" ske ").append(f.keyExchangeGroup()).append('/').append(f.dhPrimeBits()).toString();
    }
}
