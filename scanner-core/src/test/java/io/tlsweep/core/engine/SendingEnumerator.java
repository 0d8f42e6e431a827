package io.tlsweep.core.engine;

import io.tlsweep.core.enumerate.EndpointEnumerator;
import io.tlsweep.core.enumerate.EnumerationOutcome;
import io.tlsweep.core.enumerate.HelloExchange;
import io.tlsweep.core.enumerate.HelloReply;
import io.tlsweep.core.result.EnumerationInfo;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.FindingCode;
import io.tlsweep.core.result.VersionEnumeration;
import io.tlsweep.core.tls.wire.TlsVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the real enumeration algorithm that still goes to the wire: it sends {@code hellos}
 * TLS 1.2 hellos one after the other through the engine's exchange and reports what came back (the
 * versions and suites the answers carried, complete when every hello got an answer), plus one
 * finding naming the answer count, so a test can see the outcome travel to the record.
 */
final class SendingEnumerator implements EndpointEnumerator {

    private final int hellos;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();
    final ConcurrentLinkedQueue<String> snis = new ConcurrentLinkedQueue<>();
    final AtomicInteger calls = new AtomicInteger();

    SendingEnumerator(int hellos) {
        this.hellos = hellos;
    }

    /** Most enumerations that ran at the same time. */
    int mostRunning() {
        return mostRunning.get();
    }

    @Override
    public CompletableFuture<EnumerationOutcome> enumerate(HelloExchange exchange, String sni) {
        calls.incrementAndGet();
        snis.add(String.valueOf(sni));
        mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        List<HelloReply> replies = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < hellos; i++) {
            chain = chain.thenCompose(v -> exchange.send(TestHellos.tls12(sni)).thenAccept(replies::add));
        }
        return chain.thenApply(v -> {
            running.decrementAndGet(); // before the future completes: the record, and the slot, come after
            return outcome(replies);
        });
    }

    private EnumerationOutcome outcome(List<HelloReply> replies) {
        Map<Integer, List<String>> suites = new TreeMap<>();
        int answered = 0;
        for (HelloReply r : replies) {
            if (r.failure() == null) {
                answered++;
            }
            if (r.flight().serverHello() != null) {
                List<String> list = suites.computeIfAbsent(r.flight().serverHello().negotiatedVersion(),
                        k -> new ArrayList<>());
                String suite = r.flight().serverHello().cipherSuiteName();
                if (!list.contains(suite)) {
                    list.add(suite);
                }
            }
        }
        List<String> versions = new ArrayList<>();
        List<VersionEnumeration> per = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> e : suites.entrySet()) {
            String name = e.getKey() == TlsVersion.TLS1_3 ? "TLSv1.3" : e.getKey() == TlsVersion.TLS1_2 ? "TLSv1.2"
                    : "0x" + Integer.toHexString(e.getKey());
            versions.add(name);
            per.add(new VersionEnumeration(name, e.getValue(), false, null, e.getValue().get(0), List.of(), null));
        }
        EnumerationInfo info = new EnumerationInfo("fast", replies.size(), answered == replies.size(), versions, per,
                null);
        return new EnumerationOutcome(info, List.of(Finding.of(FindingCode.NO_PQ_GROUP,
                answered + " of " + replies.size() + " hellos answered")));
    }
}
