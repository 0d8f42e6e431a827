package io.tlsweep.core.enumerate;

import io.tlsweep.core.tls.wire.AlertMessage;
import io.tlsweep.core.tls.wire.CipherSuites;
import io.tlsweep.core.tls.wire.ClientHelloSpec;
import io.tlsweep.core.tls.wire.Extension;
import io.tlsweep.core.tls.wire.ExtensionTypes;
import io.tlsweep.core.tls.wire.ServerFlight;
import io.tlsweep.core.tls.wire.ServerHello;
import io.tlsweep.core.tls.wire.SuiteTraits;
import io.tlsweep.core.tls.wire.TlsVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * A configurable server in memory: reads each {@link ClientHelloSpec} (versions, suites, groups,
 * extensions) and answers as a TLS stack with that configuration would, as {@link ServerFlight}s.
 * Version choice follows real stacks: the highest supported version not above the client's.
 */
final class SimulatedServer implements HelloExchange {

    static final int HANDSHAKE_FAILURE = 40;
    static final int PROTOCOL_VERSION = 70;

    /** Supported versions. */
    final Set<Integer> versions = new LinkedHashSet<>();
    /** Suites per version, in the server's preference. */
    final Map<Integer, List<Integer>> suites = new HashMap<>();
    /** Groups per version (TLS 1.3: HRR; older: ECDHE), in the server's preference. */
    final Map<Integer, List<Integer>> groups = new HashMap<>();
    boolean serverOrder = true;
    Integer dhBits = 2048;
    /** Extension types answered at TLS 1.2 and older when the client sent them. */
    final Set<Integer> extensions = new LinkedHashSet<>();
    boolean compression;
    boolean honourFallback = true;
    boolean rejectByClose;
    /** Honours the fallback SCSV by closing without the alert, as Dovecot does. */
    boolean fallbackByClose;
    /** Hellos (1-based) that time out instead of being answered. */
    IntPredicate timeout = n -> false;
    /** Completes answers on this executor instead of at once (null: at once). */
    Executor async;
    /** Hostile: always answer this suite at the client's version, whatever was offered (-1: off). */
    int alwaysSuite = -1;

    final AtomicInteger hellos = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    volatile boolean overlapped;
    final List<ClientHelloSpec> received = new ArrayList<>();

    SimulatedServer version(int version, List<Integer> suiteList, List<Integer> groupList) {
        versions.add(version);
        suites.put(version, List.copyOf(suiteList));
        groups.put(version, List.copyOf(groupList));
        return this;
    }

    SimulatedServer extensions(Integer... types) {
        extensions.addAll(List.of(types));
        return this;
    }

    @Override
    public CompletableFuture<HelloReply> send(ClientHelloSpec hello) {
        if (inFlight.incrementAndGet() > 1) {
            overlapped = true;
        }
        int n = hellos.incrementAndGet();
        synchronized (received) {
            received.add(hello);
        }
        HelloReply reply = timeout.test(n) ? HelloReply.failed(HelloReply.Failure.TIMEOUT, "simulated") : answer(hello);
        if (async == null) {
            inFlight.decrementAndGet();
            return CompletableFuture.completedFuture(reply);
        }
        return CompletableFuture.supplyAsync(() -> {
            inFlight.decrementAndGet();
            return reply;
        }, async);
    }

    HelloReply answer(ClientHelloSpec hello) {
        List<Integer> clientVersions = u16List(hello, ExtensionTypes.SUPPORTED_VERSIONS, 1);
        int version;
        if (clientVersions != null && clientVersions.contains(TlsVersion.TLS1_3) && versions.contains(TlsVersion.TLS1_3)) {
            version = TlsVersion.TLS1_3;
        } else {
            int max = Math.min(hello.helloVersion(), TlsVersion.TLS1_2);
            version = versions.stream().filter(v -> v <= max).max(Integer::compare).orElse(-1);
        }
        if (version < 0) {
            return refuse(PROTOCOL_VERSION);
        }
        List<Integer> offered = hello.cipherSuites();
        int top = versions.stream().max(Integer::compare).orElseThrow();
        if (honourFallback && offered.contains(CipherSuites.TLS_FALLBACK_SCSV) && version < top) {
            if (fallbackByClose) {
                return HelloReply.failed(HelloReply.Failure.CLOSED, "closed");
            }
            return new HelloReply(new ServerFlight(null, new AlertMessage(2, 86), List.of(), false, false, false,
                    null, null), null, null); // inappropriate_fallback is always an alert, even on close-happy servers
        }
        List<Integer> clientGroups = u16List(hello, ExtensionTypes.SUPPORTED_GROUPS, 2);
        // No supported_groups (an SSLv3 hello): any curve the server likes (RFC 8422 section 5.1).
        List<Integer> serverGroups = groups.getOrDefault(version, List.of());
        List<Integer> commonGroups = clientGroups == null ? serverGroups : pick(serverGroups, clientGroups);
        if (alwaysSuite >= 0) {
            return hello(version, alwaysSuite, hello, commonGroups.isEmpty() ? -1 : commonGroups.get(0));
        }
        List<Integer> mine = new ArrayList<>(suites.getOrDefault(version, List.of()));
        if (commonGroups.isEmpty()) {
            // No shared group: (EC)DHE suites that need one are out, as in OpenSSL.
            mine.removeIf(s -> SuiteTraits.of(s).keyExchange() == SuiteTraits.KeyExchange.ECDHE
                    || SuiteTraits.of(s).tls13Only());
        }
        List<Integer> common = pick(mine, offered);
        if (common.isEmpty()) {
            return refuse(HANDSHAKE_FAILURE);
        }
        int suite = common.get(0);
        boolean needsGroup = SuiteTraits.of(suite).keyExchange() == SuiteTraits.KeyExchange.ECDHE
                || version == TlsVersion.TLS1_3;
        return hello(version, suite, hello, needsGroup ? commonGroups.get(0) : -1);
    }

    /** The common entries in the server's order (serverOrder) or the client's. */
    private List<Integer> pick(List<Integer> server, List<Integer> client) {
        List<Integer> out = new ArrayList<>();
        for (int x : serverOrder ? server : client) {
            if ((serverOrder ? client : server).contains(x)) {
                out.add(x);
            }
        }
        return out;
    }

    private HelloReply hello(int version, int suite, ClientHelloSpec hello, int group) {
        if (version == TlsVersion.TLS1_3) {
            List<Extension> ext = List.of(new Extension(ExtensionTypes.SUPPORTED_VERSIONS, new byte[] {3, 4}),
                    new Extension(ExtensionTypes.KEY_SHARE, new byte[] {(byte) (group >> 8), (byte) group}));
            ServerHello hrr = new ServerHello(TlsVersion.TLS1_2, HRR_RANDOM, hello.sessionId(), suite, 0, ext, true);
            return new HelloReply(new ServerFlight(hrr, null, List.of(), false, false, false, null, null), null, null);
        }
        List<Extension> ext = new ArrayList<>();
        for (int type : extensions) {
            boolean asked = hello.extensions().stream().anyMatch(e -> e.type() == type)
                    || type == ExtensionTypes.RENEGOTIATION_INFO
                    && hello.cipherSuites().contains(CipherSuites.TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
            if (asked) {
                ext.add(new Extension(type, type == ExtensionTypes.RENEGOTIATION_INFO ? new byte[] {0} : new byte[0]));
            }
        }
        boolean deflate = compression && hello.compressionMethods().length > 1 && hello.compressionMethods()[0] == 1;
        ServerHello sh = new ServerHello(version, new byte[32], new byte[0], suite, deflate ? 1 : 0, ext, !ext.isEmpty());
        SuiteTraits t = SuiteTraits.of(suite);
        Integer g = t != null && t.keyExchange() == SuiteTraits.KeyExchange.ECDHE && group >= 0 ? group : null;
        Integer bits = t != null && t.keyExchange() == SuiteTraits.KeyExchange.DHE ? dhBits : null;
        return new HelloReply(new ServerFlight(sh, null, List.of(new byte[] {1}), false, true, false, g, bits), null,
                null);
    }

    private HelloReply refuse(int alert) {
        if (rejectByClose) {
            return new HelloReply(ServerFlight.empty(), HelloReply.Failure.CLOSED, "simulated close");
        }
        return new HelloReply(new ServerFlight(null, new AlertMessage(2, alert), List.of(), false, false, false,
                null, null), null, null);
    }

    private static List<Integer> u16List(ClientHelloSpec hello, int type, int lengthWidth) {
        for (Extension e : hello.extensions()) {
            if (e.type() == type) {
                byte[] d = e.data();
                List<Integer> out = new ArrayList<>();
                for (int i = lengthWidth; i + 1 < d.length; i += 2) {
                    out.add((d[i] & 0xff) << 8 | (d[i + 1] & 0xff));
                }
                return out;
            }
        }
        return null;
    }

    private static final byte[] HRR_RANDOM;

    static {
        try {
            HRR_RANDOM = MessageDigest.getInstance("SHA-256").digest("HelloRetryRequest".getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
