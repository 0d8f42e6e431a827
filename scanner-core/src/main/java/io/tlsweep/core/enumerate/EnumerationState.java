package io.tlsweep.core.enumerate;

import io.tlsweep.core.result.EnumerationInfo;
import io.tlsweep.core.tls.wire.ClientHelloSpec;
import io.tlsweep.core.tls.wire.TlsVersion;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * One endpoint's enumeration in progress: sends hellos one at a time through the exchange, counts
 * them, and keeps what the answers taught. Only one hello is ever in flight, so the state is touched
 * by one callback at a time and needs no locking (each send happens-after the previous completion).
 */
final class EnumerationState {

    /**
     * After this many unknown answers in a row the enumeration stops sending: a server that went
     * silent would otherwise cost a timeout per remaining hello.
     */
    static final int GIVE_UP_AFTER_UNKNOWN = 3;

    final EnumLevel level;
    private final HelloExchange exchange;
    final String sni;
    final Map<Integer, VersionState> accepted = new TreeMap<>();
    /** Versions whose version hello was refused (definitely not supported). */
    final java.util.Set<Integer> refused = new java.util.TreeSet<>();
    final ExtensionFacts extensions = new ExtensionFacts();
    /** Whether a PQ group is accepted: null until a hello could tell. */
    Boolean pqGroup;
    /** False once a hello that bears on cipher findings (a walk, a confirmation hello) got no answer. */
    boolean cipherFactsSure = true;
    /**
     * The certificates (DER, in the order sent) of the accepted TLS 1.2-or-older answer of the
     * highest such version seen: read in the clear, they stand in for the chain when the probe's own
     * handshake failed (docs/enumeration.md).
     */
    private List<byte[]> chain = List.of();
    private int chainVersion = -1;
    private int hellos;
    private boolean complete = true;
    private int unknownInARow;

    EnumerationState(EnumLevel level, HelloExchange exchange, String sni) {
        this.level = level;
        this.exchange = exchange;
        this.sni = sni;
    }

    /** The groups a hello at {@code version} offers by default. */
    static List<Integer> groupsFor(int version) {
        return version == TlsVersion.TLS1_3 ? Candidates.TLS13_GROUPS : Candidates.EC_GROUPS;
    }

    CompletableFuture<Verdict> send(int version, List<Integer> suites) {
        return send(version, suites, groupsFor(version), false);
    }

    /**
     * Sends one hello and judges the reply. When the enumeration has given up, answers UNKNOWN
     * without sending. Never completes exceptionally.
     */
    CompletableFuture<Verdict> send(int version, List<Integer> suites, List<Integer> groups, boolean fallback) {
        if (gaveUp()) {
            complete = false;
            return CompletableFuture.completedFuture(Verdict.unknown("enumeration gave up"));
        }
        ClientHelloSpec hello = HelloShapes.hello(version, suites, groups, sni, fallback);
        hellos++;
        CompletableFuture<HelloReply> reply;
        try {
            reply = exchange.send(hello);
        } catch (RuntimeException e) {
            reply = CompletableFuture.completedFuture(HelloReply.failed(HelloReply.Failure.LOCAL, e.toString()));
        }
        return reply.handle((r, error) -> {
            Verdict v = error != null || r == null
                    ? Verdict.unknown("exchange failed: " + error)
                    : Verdict.of(version, suites, groups, r);
            if (v.unknown()) {
                complete = false;
                unknownInARow++;
            } else {
                unknownInARow = 0;
            }
            if (v.accepted() && version <= TlsVersion.TLS1_2 && version > chainVersion
                    && !r.flight().certificates().isEmpty()) {
                chain = r.flight().certificates();
                chainVersion = version;
            }
            VersionState vs = accepted.get(version);
            if (v.accepted() && vs != null) {
                vs.sawSuite(v.suite(), v.dhBits());
            }
            return v;
        });
    }

    boolean gaveUp() {
        return unknownInARow >= GIVE_UP_AFTER_UNKNOWN;
    }

    void markIncomplete() {
        complete = false;
    }

    /** The highest accepted version at or below TLS 1.2, or -1. */
    int topLegacyVersion() {
        int top = -1;
        for (int v : accepted.keySet()) {
            if (v <= TlsVersion.TLS1_2) {
                top = v;
            }
        }
        return top;
    }

    /** See {@link #chain}; empty when no TLS 1.2-or-older answer carried a Certificate message. */
    List<byte[]> chain() {
        return chain;
    }

    EnumerationInfo toRecord() {
        List<String> versions = accepted.keySet().stream().map(TlsVersion::name).toList();
        return new EnumerationInfo(level.wire(), hellos, complete, versions,
                accepted.values().stream().map(VersionState::toRecord).toList(), extensions.toRecord());
    }
}
