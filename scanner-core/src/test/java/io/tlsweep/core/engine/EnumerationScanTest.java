package io.tlsweep.core.engine;

import static io.tlsweep.core.engine.EngineScans.CONNECT_TIMEOUT;
import static io.tlsweep.core.engine.EngineScans.HANDSHAKE_TIMEOUT;
import static io.tlsweep.core.engine.EngineScans.scan;
import static io.tlsweep.core.engine.EngineScans.scanOne;
import static io.tlsweep.core.engine.EngineScans.shortTimeouts;
import static io.tlsweep.core.lab.fake.FakeServer.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.tlsweep.core.enumerate.EnumLevel;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.lab.fake.FakeServer;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.Grade;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import io.tlsweep.core.enumerate.EndpointEnumerator;
import io.tlsweep.core.enumerate.EnumerationOutcome;
import io.tlsweep.core.result.EnumerationInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --enum} through the whole engine: an enumerator that sends real hellos through the
 * engine's exchange, against servers on 127.0.0.x that record when each connection arrives. Checks
 * the hook (which probes are enumerated, what reaches the record, the grading seam), the per-host
 * rate, and that enumerations hold their probe's in-flight slot.
 */
class EnumerationScanTest {

    private static final String NAME = "enum.test";
    private static HeldCertificate cert;
    private static X509Certificate anchor;

    @BeforeAll
    static void pki() {
        TestPki pki = TestPki.create("enum");
        cert = pki.leaf().dnsNames(NAME).build();
        anchor = pki.root().certificate();
    }

    private static ScanConfig.Builder enumerating(SendingEnumerator e) {
        return shortTimeouts().enumerator(e, EnumLevel.FAST);
    }

    @Test
    void aTlsEndpointsRecordCarriesTheEnumerationItsFindingsAndTheGrade() throws Exception {
        SendingEnumerator enumerator = new SendingEnumerator(3);
        AtomicReference<ScanRecord> graded = new AtomicReference<>();
        RecordGrader grader = r -> {
            graded.set(r);
            return new Grade("B", 80, List.of(new Grade.GradeRule("test.rule", "cap:B", r.enumeration().hellos()
                    + " hellos")));
        };
        try (RecordingTlsServer server = new RecordingTlsServer(loopback(228), TestHellos.tls12Server(cert))) {
            ScanRecord r = scanOne(enumerating(enumerator).grader(grader).build(), server.target(NAME), anchor);

            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertNotNull(r.enumeration(), r.toString());
            assertEquals(3, r.enumeration().hellos());
            assertTrue(r.enumeration().complete(), r.enumeration().toString());
            assertEquals(List.of("TLSv1.2"), r.enumeration().versions(), "what the server's answers said");
            assertEquals(1 + 3, server.arrivals().size(), "the probe's connection, then one per hello");
            assertEquals(List.of(NAME), List.copyOf(enumerator.snis), "the probe's SNI");
            assertTrue(r.findings().contains(new Finding("no_pq_group", "3 of 3 hellos answered")), r.findings().toString());
            assertEquals(new Grade("B", 80, List.of(new Grade.GradeRule("test.rule", "cap:B", "3 hellos"))), r.grade());
            assertNull(graded.get().grade(), "the grader sees the record before its grade");
            assertTrue(graded.get().findings().contains(new Finding("no_pq_group", "3 of 3 hellos answered")),
                    "and with the enumeration's findings");
        }
    }

    @Test
    void withoutAGraderTheGradeIsNullAndWithoutEnumNothingChanges() throws Exception {
        try (RecordingTlsServer server = new RecordingTlsServer(loopback(229), TestHellos.tls12Server(cert))) {
            ScanRecord r = scanOne(enumerating(new SendingEnumerator(1)).build(), server.target(NAME), anchor);
            assertNotNull(r.enumeration());
            assertNull(r.grade());

            ScanRecord plain = scanOne(shortTimeouts().build(), server.target(NAME), anchor);
            assertEquals(Status.SUCCESS, plain.status());
            assertNull(plain.enumeration());
            assertNull(plain.grade());
            assertEquals(2 + 1, server.arrivals().size(), "2 for the enumerated scan, 1 for the plain one");
        }
    }

    @Test
    void anAlertingServerIsEnumeratedARefusedOneIsNot() throws Exception {
        SendingEnumerator enumerator = new SendingEnumerator(2);
        int closed;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(loopback(231), 0));
            closed = s.getLocalPort();
        }
        try (RawHelloExchangeTest.AlertServer alerting = new RawHelloExchangeTest.AlertServer(loopback(230))) {
            Target refused = new Target(loopback(231), closed, Transport.TCP, null, null);
            Map<String, ScanRecord> records = scan(enumerating(enumerator).build(),
                    List.of(alerting.target(), refused), anchor);

            ScanRecord a = records.get(EngineScans.key(alerting.target()));
            assertEquals(Status.ALERT, a.status(), a.toString());
            assertNotNull(a.enumeration(), "a server that alerts our handshake still speaks TLS");
            assertEquals(2, a.enumeration().hellos());
            assertTrue(a.enumeration().complete(), "an alert is an answer");
            assertEquals(1 + 2, alerting.accepted());

            ScanRecord r = records.get(EngineScans.key(refused));
            assertEquals(Status.REFUSED, r.status());
            assertNull(r.enumeration());
            assertEquals(1, enumerator.calls.get(), "only the alerting endpoint was enumerated");
        }
    }

    @Test
    void theChainAnEnumerationReadStandsInOnlyWhenTheHandshakeBroughtNone() throws Exception {
        HeldCertificate other = TestPki.create("enum-clear").leaf().dnsNames("clear.enum.test").build();
        List<byte[]> der = new ArrayList<>();
        for (X509Certificate c : other.chain()) {
            der.add(c.getEncoded());
        }
        EnumerationInfo info = new EnumerationInfo("fast", 1, true, List.of("TLSv1"), List.of(), null);
        EndpointEnumerator readsChain = (exchange, sni) ->
                CompletableFuture.completedFuture(new EnumerationOutcome(info, List.of(), der));
        try (RawHelloExchangeTest.AlertServer alerting = new RawHelloExchangeTest.AlertServer(loopback(232));
             RecordingTlsServer server = new RecordingTlsServer(loopback(233), TestHellos.tls12Server(cert))) {
            ScanRecord a = scanOne(shortTimeouts().enumerator(readsChain, EnumLevel.FAST).build(), alerting.target(),
                    anchor);
            assertEquals(Status.ALERT, a.status(), a.toString());
            assertNotNull(a.certs(), "the handshake brought no chain: the one read in the clear is judged");
            assertEquals(List.of("clear.enum.test"), a.certs().leaf().sanDns());
            assertTrue(a.findings().stream().anyMatch(f -> f.code().equals("untrusted")), a.findings().toString());

            ScanRecord s = scanOne(shortTimeouts().enumerator(readsChain, EnumLevel.FAST).build(),
                    server.target(NAME), anchor);
            assertEquals(Status.SUCCESS, s.status(), s.toString());
            assertEquals(List.of(NAME), s.certs().leaf().sanDns(), "the handshake's own chain wins");
        }
    }

    /**
     * A hostile server: a normal TLS handshake for the probe, then silence for every later
     * connection. The real enumerator gives up after three unanswered hellos, so the endpoint costs
     * the probe plus three handshake timeouts, and its one record says the enumeration is incomplete.
     */
    @Test
    void aServerSilentAfterTheProbeCostsThreeHelloTimeoutsAndOneIncompleteRecord() throws Exception {
        try (RecordingTlsServer server = new RecordingTlsServer(loopback(234), TestHellos.tls12Server(cert), 1)) {
            long start = System.nanoTime();
            Map<String, ScanRecord> records = scan(shortTimeouts().perHostRate(0)
                    .enumerator(new io.tlsweep.core.enumerate.Enumerator(EnumLevel.FAST), EnumLevel.FAST).build(),
                    List.of(server.target(NAME)), anchor);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertEquals(1, records.size());
            ScanRecord r = records.values().iterator().next();
            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertNotNull(r.enumeration(), r.toString());
            assertFalse(r.enumeration().complete(), r.enumeration().toString());
            assertEquals(3, r.enumeration().hellos(), "gives up after three unanswered hellos");
            assertEquals(1 + 3, server.arrivals().size());
            long bound = 4 * (HANDSHAKE_TIMEOUT.toMillis() + CONNECT_TIMEOUT.toMillis()) + 10_000;
            assertTrue(millis < bound, millis + " ms, bound " + bound); // a generous upper bound only
        }
    }

    @Test
    void thePerHostRateSpacesTheHellosToOneServer() throws Exception {
        SendingEnumerator enumerator = new SendingEnumerator(20);
        try (RecordingTlsServer server = new RecordingTlsServer(loopback(232), TestHellos.tls12Server(cert))) {
            ScanRecord r = scanOne(enumerating(enumerator).perHostRate(50).build(), server.target(NAME), anchor);

            assertEquals(20, r.enumeration().hellos(), r.toString());
            List<Long> arrivals = server.arrivals();
            assertEquals(21, arrivals.size());
            long spanNanos = arrivals.get(arrivals.size() - 1) - arrivals.get(0);
            // 21 connections at 50/s: 20 intervals of 20 ms after the first; lower bound only.
            assertTrue(spanNanos >= TimeUnit.MILLISECONDS.toNanos(350),
                    "21 connections at 50/s took only " + spanNanos / 1_000_000 + " ms");
        }
    }

    @Test
    void enumerationsHoldTheirProbesSlot() throws Exception {
        SendingEnumerator enumerator = new SendingEnumerator(3);
        List<RecordingTlsServer> servers = new ArrayList<>();
        try {
            SslContext context = TestHellos.tls12Server(cert);
            List<Target> targets = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                RecordingTlsServer s = new RecordingTlsServer(loopback(233 + i), context);
                servers.add(s);
                targets.add(s.target(NAME));
            }
            Map<String, ScanRecord> records = scan(enumerating(enumerator).concurrency(2).build(), targets, anchor);

            for (Target t : targets) {
                assertNotNull(records.get(EngineScans.key(t)).enumeration(), t.toString());
            }
            assertEquals(5, enumerator.calls.get());
            assertTrue(enumerator.mostRunning() <= 2, enumerator.mostRunning() + " enumerations at once with -c 2");
        } finally {
            servers.forEach(FakeServer::close);
        }
    }

    /**
     * A TLS server that notes when each connection arrives (System.nanoTime); with
     * {@code tlsConnections} it serves TLS to that many and then reads and never answers (a tarpit).
     */
    static final class RecordingTlsServer extends FakeServer {
        private final SslContext context;
        private final int tlsConnections;
        private final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();

        RecordingTlsServer(InetAddress address, SslContext context) {
            this(address, context, Integer.MAX_VALUE);
        }

        RecordingTlsServer(InetAddress address, SslContext context, int tlsConnections) {
            super(address);
            this.context = context;
            this.tlsConnections = tlsConnections;
            bind();
        }

        List<Long> arrivals() {
            return List.copyOf(arrivals);
        }

        @Override
        protected void initConnection(Channel ch) {
            arrivals.add(System.nanoTime());
            if (arrivals.size() > tlsConnections) {
                ch.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                        io.netty.util.ReferenceCountUtil.release(msg); // read and say nothing
                    }
                });
                return;
            }
            ch.pipeline().addLast(context.newHandler(ch.alloc()), new io.netty.channel.ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                    io.netty.util.ReferenceCountUtil.release(msg);
                }

                @Override
                public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
                    ctx.close(); // our hellos end in an RST: expected
                }
            });
        }
    }
}
