package io.tlsweep.protocols.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.engine.ScanConfig;
import io.tlsweep.core.prelude.Lines;
import io.tlsweep.core.prelude.PreludeHandler;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import io.tlsweep.core.tls.TlsProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The caps that bound what a hostile server can make a probe hold, each shown at work on the
 * wire: which layer stops a 10 MiB certificate chain, a record longer than TLS allows, and a
 * prelude reply that never ends (docs/reliability.md, "Hostile servers").
 */
class HostileCapsTest {

    private static final Duration HANDSHAKE = Duration.ofSeconds(2);

    private static ScanConfig config(TlsProvider provider) {
        return ScanConfig.builder().provider(provider).connectTimeout(Duration.ofSeconds(2))
                .handshakeTimeout(HANDSHAKE).totalTimeout(Duration.ofSeconds(4)).build();
    }

    private static ScanRecord scanOne(ScanConfig config, HostileLab lab, HostileServer server) throws Exception {
        ConcurrentLinkedQueue<ScanRecord> records = new ConcurrentLinkedQueue<>();
        HostileScans.RunEnd end = HostileScans.scan(config, List.of(server.target(HostileLab.SERVER_NAME)),
                HostileScans.plannerFor(List.of(server)), lab.trustAnchor(), records::add);
        assertEquals(0, end.inFlight());
        assertEquals(1, records.size());
        return records.peek();
    }

    /**
     * A Certificate message announcing 10 MiB is refused from its 4-byte header by both providers:
     * BoringSSL's limit on the certificate list (100 KiB, SSL_MAX_CERT_LIST_DEFAULT, which Netty
     * leaves alone) and JSSE's jdk.tls.maxHandshakeMessageSize (set to the same 100 KiB by
     * JdkTlsPolicy, which runs before JSSE initialises, in the CLI and in these tests). The probe hangs
     * up at once, long before the server could have sent it all.
     */
    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void tenMebibyteChainIsRefusedFromItsHeader(TlsProvider provider) throws Exception {
        try (HostileLab lab = new HostileLab(Duration.ofMillis(100))) {
            HostileServer server = lab.start(HostileLab.loopback(3, 1), Placement.IMPLICIT_TLS,
                    HostileBehaviour.HUGE_CHAIN, null);
            ScanRecord r = scanOne(config(provider), lab, server);

            assertEquals(Status.HANDSHAKE_FAILED, r.status(), r.toString());
            assertEquals(Phase.HANDSHAKE, r.phase());
            if (provider == TlsProvider.JDK) {
                // 102400: JdkTlsPolicy's cap, applied before any TLS class loads, in the CLI by Main and
                // in this test JVM by testing.TlsPolicyFirst (JSSE reads the property once)
                Matcher m = Pattern.compile("The size of the handshake message \\(10485760\\) exceeds the maximum"
                        + " allowed size \\((\\d+)\\)").matcher(r.error());
                assertTrue(m.find(), r.error());
                assertEquals(100 * 1024, Integer.parseInt(m.group(1)), r.error());
            } else {
                assertTrue(r.error().contains("EXCESSIVE_MESSAGE_SIZE"), r.error());
            }
            assertTrue(r.timings().totalMs() < HANDSHAKE.toMillis(), "no timer was needed: " + r.timings());
            assertTrue(lab.awaitAllClosed(Duration.ofSeconds(5)), "the probe closed the connection");
            assertTrue(lab.bytesWritten() < TlsRecords.HUGE_CERTIFICATE_BYTES,
                    "the server got rid of only " + lab.bytesWritten() + " bytes before the probe hung up");
        }
    }

    /**
     * A record header announcing 65,535 bytes (TLS allows 2^14 + 2,048) followed by its whole body:
     * both providers refuse the record. What a probe can be made to buffer for one record is bounded
     * by the 16-bit length field: 65,540 bytes.
     */
    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void oversizedRecordIsRefused(TlsProvider provider) throws Exception {
        try (HostileLab lab = new HostileLab(Duration.ofMillis(100))) {
            HostileServer server = lab.start(HostileLab.loopback(3, 2), Placement.IMPLICIT_TLS,
                    HostileBehaviour.OVERSIZED_RECORD, null);
            ScanRecord r = scanOne(config(provider), lab, server);

            assertEquals(Status.HANDSHAKE_FAILED, r.status(), r.toString());
            assertTrue(r.error().contains(provider == TlsProvider.JDK
                    ? "Input record too big: max = 16709 len = 65540" : "ENCRYPTED_LENGTH_TOO_LONG"), r.error());
        }
    }

    /**
     * The same header without its body shows who buffers: with both providers Netty's SslHandler
     * waits for the whole announced record before the engine judges it, so a probe holds at most
     * 65,540 bytes for one record (the 16-bit length field bounds it) and, when the body never comes,
     * ends by the handshake timeout.
     */
    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void oversizedRecordHeaderAlone(TlsProvider provider) throws Exception {
        InetAddress address = HostileLab.loopback(3, 3);
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(address, 0));
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    in.read(new byte[4096]); // the ClientHello
                    OutputStream out = s.getOutputStream();
                    out.write(new byte[] {22, 3, 3, (byte) 0xff, (byte) 0xff});
                    out.flush();
                    while (in.read() >= 0) {
                        // until the probe hangs up
                    }
                } catch (Exception ignored) {
                    // the probe reset the connection: expected
                }
            }, "header-only");
            t.setDaemon(true);
            t.start();
            HostileServer asServer = new HostileServer(new Target(address, server.getLocalPort(), Transport.TCP, null,
                    null), Placement.IMPLICIT_TLS, HostileBehaviour.OVERSIZED_RECORD, null);
            try (HostileLab lab = new HostileLab(Duration.ofMillis(100))) {
                ScanRecord r = scanOne(config(provider), lab, asServer);
                assertEquals(Status.TIMEOUT, r.status(), r.toString());
                assertEquals("no handshake within the timeout", r.error());
                assertTrue(r.timings().totalMs() >= HANDSHAKE.toMillis() - 5, r.timings().toString());
            }
        }
    }

    /**
     * A reply that never ends is cut by the prelude's cap ({@link PreludeHandler#MAX_PRELUDE_BYTES},
     * 64 KiB, for the line protocols, whose lines are also capped at {@link Lines#MAX_LINE}) or by
     * the dialect's own, smaller cap on one message (LDAP 16 KiB, XMPP 16 KiB element, PostgreSQL
     * 8 KiB error, MySQL 16 KiB packet): never by a timer, and never by memory.
     */
    @ParameterizedTest
    @ValueSource(strings = {"smtp", "imap", "pop3", "ftp", "nntp", "sieve", "ldap", "postgres", "mysql", "xmpp"})
    void endlessPreludeReplyIsCut(String dialect) throws Exception {
        try (HostileLab lab = new HostileLab(Duration.ofMillis(100))) {
            HostileServer server = lab.start(HostileLab.loopback(3, 4), Placement.MID_PRELUDE,
                    HostileBehaviour.ENDLESS, dialect);
            ScanRecord r = scanOne(config(TlsProvider.preferred()), lab, server);

            assertEquals(Status.PROTOCOL_MISMATCH, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            String cap = switch (dialect) {
                case "ldap" -> "more than the 16384 allowed";
                case "postgres" -> "PostgreSQL error text longer than 8192 bytes";
                case "mysql" -> "not a MySQL greeting";
                case "xmpp" -> "longer than 16384 bytes";
                case "sieve", "smtp", "imap", "pop3", "ftp", "nntp" ->
                        "more than " + PreludeHandler.MAX_PRELUDE_BYTES + " bytes before the upgrade";
                default -> throw new AssertionError(dialect);
            };
            assertTrue(r.error().contains(cap), r.error());
            assertTrue(r.timings().totalMs() < HANDSHAKE.toMillis(), "no timer was needed: " + r.timings());
            assertNull(r.certs());
            assertTrue(lab.awaitAllClosed(Duration.ofSeconds(5)), "the probe closed the connection");
        }
    }
}
