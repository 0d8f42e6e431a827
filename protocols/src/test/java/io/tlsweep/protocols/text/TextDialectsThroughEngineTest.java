package io.tlsweep.protocols.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import io.tlsweep.protocols.Protocols;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each text dialect through the real engine against scripted servers on 127.0.0.x: one that
 * upgrades for real (a TLS handshake after the go-ahead), one that refuses, one that is SSH, and a
 * tarpit whose greeting never ends. The records must say which is which.
 */
class TextDialectsThroughEngineTest {

    /** A dialect's side of the conversation with a server like the one it will meet. */
    record Server(String dialect, String greeting, Map<String, String> preamble, String upgrade, String goAhead,
                  String refusal, String tarpit) {

        @Override
        public String toString() {
            return dialect;
        }

        Map<String, String> replies(String answer) {
            Map<String, String> all = new HashMap<>(preamble);
            all.put(upgrade, answer);
            return all;
        }

        String goAheadCode() {
            return code(goAhead);
        }

        String refusalCode() {
            return code(refusal);
        }

        private static String code(String reply) {
            String first = reply.split(" ")[0];
            return first.startsWith("a2") ? reply.split(" ")[1] : first;
        }
    }

    static Stream<Server> servers() {
        return Stream.of(
                new Server("smtp", "220 mx.example.test ESMTP Postfix (Debian/GNU)\r\n",
                        Map.of("EHLO tlsweep.invalid", "250-mx.example.test\r\n250-PIPELINING\r\n250-STARTTLS\r\n"
                                + "250 8BITMIME\r\n"),
                        "STARTTLS", "220 2.0.0 Ready to start TLS\r\n",
                        "454 4.7.0 TLS not available due to local problem\r\n", "220-mx.example.test slow\r\n"),
                new Server("imap", "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] Dovecot (Debian) ready.\r\n",
                        Map.of(), "a2 STARTTLS", "a2 OK Begin TLS negotiation now.\r\n",
                        "a2 NO TLS support isn't enabled.\r\n", ""),
                new Server("pop3", "+OK Dovecot (Debian) ready.\r\n",
                        Map.of("CAPA", "+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nSTLS\r\nUSER\r\n.\r\n"),
                        "STLS", "+OK Begin TLS negotiation now.\r\n", "-ERR TLS support isn't enabled.\r\n", ""),
                new Server("ftp", "220 (vsFTPd 3.0.3)\r\n",
                        Map.of("FEAT", "211-Features:\r\n AUTH SSL\r\n AUTH TLS\r\n PBSZ\r\n PROT\r\n211 End\r\n"),
                        "AUTH TLS", "234 Proceed with negotiation.\r\n",
                        "534 Local policy on server does not allow TLS secure connections.\r\n", "220-slow\r\n"),
                new Server("nntp", "200 news.example.test InterNetNews server INN 2.7.1 ready (posting ok)\r\n",
                        Map.of("CAPABILITIES", "101 Capability list:\r\nVERSION 2\r\nREADER\r\nSTARTTLS\r\n.\r\n"),
                        "STARTTLS", "382 Continue with TLS negotiation\r\n",
                        "580 Can not initiate TLS negotiation\r\n", ""),
                new Server("sieve", "\"IMPLEMENTATION\" \"Dovecot Pigeonhole\"\r\n\"SASL\" \"\"\r\n\"STARTTLS\"\r\n"
                        + "\"VERSION\" \"1.0\"\r\nOK \"Dovecot (Debian) ready.\"\r\n",
                        Map.of(), "STARTTLS", "OK \"Begin TLS negotiation now.\"\r\n",
                        "NO \"TLS support isn't enabled.\"\r\n", "\"IMPLEMENTATION\" \"slow\"\r\n"));
    }

    private static final String SSH = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n";
    /** Long enough for a TLS handshake on a loaded 2-core machine; the tarpit costs this once per dialect. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);

    private static TestPki pki;
    private static SslContext serverTls;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create("textproto");
        HeldCertificate leaf = pki.leaf().dnsNames("mx.example.test").build();
        serverTls = SslContextBuilder.forServer(leaf.keyPair().getPrivate(), leaf.chain()).build();
    }

    @AfterAll
    static void release() {
        io.netty.util.ReferenceCountUtil.release(serverTls);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void eachOutcomeIsTold(Server s) throws Exception {
        StartTlsDialect dialect = Protocols.dialect(s.dialect()).orElseThrow();
        try (FakeTextServer upgrades = new FakeTextServer(61, s.greeting(), s.replies(s.goAhead()), s.upgrade(),
                serverTls);
             FakeTextServer refuses = new FakeTextServer(62, s.greeting(), s.replies(s.refusal()), null, null);
             FakeTextServer ssh = new FakeTextServer(63, SSH, Map.of(), null, null);
             FakeTextServer tarpit = new FakeTextServer(64, s.tarpit(), Map.of(), null, null)) {
            Map<Target, ScanRecord> records = scan(dialect,
                    List.of(upgrades.target(), refuses.target(), ssh.target(), tarpit.target()));

            ScanRecord ok = records.get(upgrades.target());
            assertEquals(Status.SUCCESS, ok.status(), ok.toString());
            assertEquals("starttls", ok.tlsMode());
            assertNotNull(ok.certs(), "the certificate was read after the upgrade");
            assertEquals(List.of("mx.example.test"), ok.certs().leaf().sanDns());
            PreludeInfo p = ok.prelude();
            assertEquals(s.dialect(), p.protocol());
            assertEquals(s.greeting().replace("\r\n", "\\r\\n"), p.banner());
            assertEquals(Boolean.TRUE, p.starttlsAdvertised());
            assertEquals(s.goAheadCode(), p.replyCode());
            assertFalse(p.injection());
            assertEquals(s.upgrade(), upgrades.commands().get(upgrades.commands().size() - 1),
                    "the upgrade request was the last thing said in the clear");

            ScanRecord no = records.get(refuses.target());
            assertEquals(Status.STARTTLS_REJECTED, no.status(), no.toString());
            assertEquals(Phase.PRELUDE, no.phase());
            assertTrue(no.error().endsWith(" refused: " + s.refusalCode()), no.error());
            assertEquals(s.refusalCode(), no.prelude().replyCode());
            assertEquals(Boolean.TRUE, no.prelude().starttlsAdvertised());
            assertNull(no.certs());

            ScanRecord mismatch = records.get(ssh.target());
            assertEquals(Status.PROTOCOL_MISMATCH, mismatch.status(), mismatch.toString());
            assertEquals(Phase.PRELUDE, mismatch.phase());
            assertTrue(mismatch.error().startsWith("not " + s.dialect() + ": "), mismatch.error());
            assertEquals(SSH.replace("\r\n", "\\r\\n"), mismatch.prelude().banner());
            assertTrue(ssh.commands().isEmpty(), "nothing is said to an SSH server");

            ScanRecord slow = records.get(tarpit.target());
            assertEquals(Status.TIMEOUT, slow.status(), slow.toString());
            assertEquals(Phase.PRELUDE, slow.phase());
            assertTrue(slow.error().startsWith("server silent for "), slow.error());
            assertEquals(s.tarpit().isEmpty() ? null : s.tarpit().replace("\r\n", "\\r\\n"), slow.prelude().banner());
            assertTrue(tarpit.commands().isEmpty(), "no command before the greeting is complete");
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void bytesAfterTheGoAheadAreReportedAsInjection(Server s) throws Exception {
        StartTlsDialect dialect = Protocols.dialect(s.dialect()).orElseThrow();
        // One write: the go-ahead and a forged line arrive together, before our ClientHello.
        try (FakeTextServer injects = new FakeTextServer(65, s.greeting(),
                s.replies(s.goAhead() + "250 forged before TLS\r\n"), s.upgrade(), serverTls)) {
            ScanRecord r = scan(dialect, List.of(injects.target())).get(injects.target());
            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertTrue(r.prelude().injection(), r.prelude().toString());
            assertTrue(r.findings().stream().anyMatch(f -> f.code().equals("starttls_injection")), r.findings().toString());
            assertEquals("starttls", r.tlsMode());
        }
    }

    private static Map<Target, ScanRecord> scan(StartTlsDialect dialect, List<Target> targets) throws Exception {
        ScanConfig config = ScanConfig.builder()
                .connectTimeout(Duration.ofSeconds(2))
                .handshakeTimeout(HANDSHAKE_TIMEOUT)
                .totalTimeout(Duration.ofSeconds(20))
                .build();
        CertificateAnalyzer analyzer = new CertificateAnalyzer(TrustAnchors.of(List.of(pki.root().certificate())));
        Queue<ScanRecord> delivered = new ConcurrentLinkedQueue<>();
        try (ScanEngine engine = new ScanEngine(config, analyzer, t -> new ProbeKind("svc", dialect))) {
            ScanRun run = engine.start(targets.iterator(), delivered::add);
            run.completion().get(120, TimeUnit.SECONDS);
        }
        Map<Target, ScanRecord> byTarget = new HashMap<>();
        for (ScanRecord r : delivered) {
            Target t = targets.stream().filter(x -> x.ip().getHostAddress().equals(r.ip()) && x.port() == r.port())
                    .findFirst().orElseThrow();
            assertNull(byTarget.put(t, r), "one record per probe");
        }
        assertEquals(targets.size(), byTarget.size(), "one record per probe");
        return byTarget;
    }
}
