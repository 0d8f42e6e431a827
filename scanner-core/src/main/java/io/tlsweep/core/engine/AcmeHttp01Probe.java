package io.tlsweep.core.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.tlsweep.core.acme.AcmeRedirects;
import io.tlsweep.core.acme.AcmeRedirects.Follow;
import io.tlsweep.core.acme.AcmeRedirects.Refuse;
import io.tlsweep.core.acme.AcmeRedirects.Url;
import io.tlsweep.core.acme.ChallengeToken;
import io.tlsweep.core.acme.HttpHeadException;
import io.tlsweep.core.acme.HttpResponseHead;
import io.tlsweep.core.result.AcmeInfo;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.sink.NdjsonWriter;
import io.tlsweep.core.target.HostResolver;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.tls.ClientEngines;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;

/**
 * The ACME HTTP-01 check of {@code --acme} on a port-80 target: what a CA's validation request
 * would meet. Steps, all on one event loop, reporting exactly once to {@code onDone}:
 * <ol>
 *   <li>connect to the target; {@code GET /.well-known/acme-challenge/<fresh token>} with the
 *       target's name (else its address) as Host, {@code Connection: close};</li>
 *   <li>read the response head only (at most {@link HttpResponseHead#MAX_BYTES}): no answer at all
 *       is {@code blocked}, an answer that is not HTTP is {@code error}, an HTTP answer that is not a
 *       redirect is {@code ready};</li>
 *   <li>a redirect is followed as a CA does ({@link AcmeRedirects}): each hop a new connection, an
 *       {@code https:} hop through a TLS handshake whose certificate is not judged; a hop that
 *       answers HTTP is {@code redirect_ok}, anything else {@code redirect_broken}.</li>
 * </ol>
 * Each connection has the handshake timeout from connect to its response head; the whole chain has
 * the total timeout.
 */
final class AcmeHttp01Probe {

    static final String READY = "ready";
    static final String REDIRECT_OK = "redirect_ok";
    static final String REDIRECT_BROKEN = "redirect_broken";
    static final String BLOCKED = "blocked";
    static final String ERROR = "error";

    /** Bytes of a non-HTTP answer shown in the detail (as first_bytes is bounded). */
    private static final int SHOWN_BYTES = 64;
    /** Longest Location kept in the record, escaped. */
    private static final int LOCATION_LIMIT = 512;
    /** Longest URL quoted in a detail. */
    private static final int URL_TEXT_LIMIT = 256;

    private final Target target;
    private final int attempt;
    private final ProbeKind kind;
    private final ScanConfig config;
    private final AcmeSupport acme;
    private final Consumer<AttemptOutcome> onDone;
    private final AcmeRedirects redirects;
    private final String token = ChallengeToken.random();
    private final Set<String> visited = new HashSet<>();

    private Bootstrap template;
    private EventLoop loop;
    private long startNanos;
    private long connectedNanos = -1;
    private ScheduledFuture<?> totalDeadline;
    /** The connection in progress; a new one per hop. */
    private Hop hop;
    /** The URL being fetched or resolved. */
    private Url current;
    private int followed;
    private Integer firstStatus;
    private String firstLocation;
    private boolean done;

    AcmeHttp01Probe(Target target, int attempt, ProbeKind kind, ScanConfig config, AcmeSupport acme,
                    Consumer<AttemptOutcome> onDone) {
        this.target = target;
        this.attempt = attempt;
        this.kind = kind;
        this.config = config;
        this.acme = acme;
        this.onDone = onDone;
        this.redirects = acme.redirects();
    }

    /** The path requested first; with the fresh token. */
    String challengePath() {
        return "/.well-known/acme-challenge/" + token;
    }

    void start(Bootstrap template, EventLoop loop) {
        this.template = template;
        this.loop = loop;
        if (loop.inEventLoop()) {
            begin();
        } else {
            loop.execute(this::begin);
        }
    }

    private void begin() {
        startNanos = System.nanoTime();
        totalDeadline = loop.schedule(this::totalTimeout, config.totalTimeout().toNanos(), TimeUnit.NANOSECONDS);
        // The Host a CA sends is the name being validated; a bare address stands for itself.
        current = redirects.origin(originHost(), challengePath());
        visited.add(redirects.show(current));
        connect(current, target.ip(), target.port(), 0);
    }

    private String originHost() {
        if (target.sni() != null) {
            return target.sni();
        }
        return target.host() != null ? target.host() : NetUtil.toAddressString(target.ip());
    }

    // ---- one connection per hop ----

    /** One request/response on its own connection; hop 0 is the origin. */
    private final class Hop implements Http01Exchange.Listener {
        final int index;
        final Url url;
        final Http01Exchange exchange = new Http01Exchange(this);
        Channel channel;
        SslHandler tls;
        ScheduledFuture<?> answerDeadline;
        boolean connected;
        boolean over;

        Hop(int index, Url url) {
            this.index = index;
            this.url = url;
        }

        /**
         * Ends this hop (its clock, its connection). True for the first report of the hop while the
         * probe is still running; false for a second report of the same event, or a late one.
         */
        boolean end() {
            if (over) {
                return false;
            }
            over = true;
            if (answerDeadline != null) {
                answerDeadline.cancel(false);
            }
            if (channel != null) {
                channel.close();
            }
            return !done;
        }

        @Override
        public void answered(HttpResponseHead head) {
            if (end()) {
                onAnswer(this, head);
            }
        }

        @Override
        public void notHttp(HttpHeadException why, byte[] received) {
            if (end()) {
                onNotHttp(this, why, received);
            }
        }

        @Override
        public void ended(Throwable cause, byte[] received) {
            if (tls != null && !tls.handshakeFuture().isDone()) {
                return; // the handshake's own failure says more; it completes on close too
            }
            if (end()) {
                onEnded(this, cause, received, false);
            }
        }
    }

    private void connect(Url url, InetAddress address, int port, int index) {
        Hop h = new Hop(index, url);
        hop = h;
        Bootstrap b = template.clone(loop).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("http01", h.exchange);
            }
        });
        ChannelFuture f = b.connect(new InetSocketAddress(address, port));
        h.channel = f.channel();
        f.addListener((ChannelFuture cf) -> {
            if (!cf.isSuccess()) {
                if (h.end()) {
                    onConnectFailed(h, cf.cause());
                }
                return;
            }
            onConnected(h);
        });
    }

    private void onConnected(Hop h) {
        if (h.over || done) {
            return;
        }
        h.connected = true;
        if (h.index == 0) {
            connectedNanos = System.nanoTime();
        }
        h.answerDeadline = loop.schedule(() -> {
            if (h.end()) {
                onEnded(h, ProbeTimeoutException.INSTANCE, h.exchange.received(), true);
            }
        }, config.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        if (!h.url.https()) {
            send(h);
            return;
        }
        SSLEngine engine;
        try {
            engine = ClientEngines.prepare(acme.redirectContext().newEngine(h.channel.alloc()),
                    h.url.hostIsAddress() ? null : h.url.host());
        } catch (RuntimeException e) {
            if (h.end()) {
                broken(text(h.url) + ": cannot start TLS: " + e.getMessage());
            }
            return;
        }
        h.tls = new SslHandler(engine);
        h.tls.setHandshakeTimeoutMillis(config.handshakeTimeout().toMillis());
        // Added to an active channel, the SslHandler starts the handshake at once.
        h.channel.pipeline().addFirst("tls", h.tls);
        h.tls.handshakeFuture().addListener((Future<? super Channel> hf) -> {
            if (hf.isSuccess()) {
                send(h);
            } else if (h.end()) {
                FailureClassifier.Classified c = FailureClassifier.classify(hf.cause(), true, new byte[0]);
                broken(text(h.url) + ": TLS handshake failed (" + c.error() + ")");
            }
        });
    }

    private void send(Hop h) {
        if (h.over || done) {
            return;
        }
        String request = "GET " + h.url.path() + " HTTP/1.1\r\n"
                + "Host: " + h.url.hostForHeader() + "\r\n"
                + "User-Agent: " + config.userAgent() + "\r\n"
                + "Accept: */*\r\n"
                + "Connection: close\r\n\r\n";
        h.channel.writeAndFlush(Unpooled.wrappedBuffer(request.getBytes(StandardCharsets.ISO_8859_1)));
    }

    // ---- what a hop ended with ----

    private void onAnswer(Hop h, HttpResponseHead head) {
        if (h.index == 0) {
            firstStatus = head.status();
            firstLocation = head.location() == null ? null
                    : NdjsonWriter.escapeBytes(head.location().getBytes(StandardCharsets.ISO_8859_1), LOCATION_LIMIT);
        }
        if (!head.isRedirect()) {
            if (h.index == 0) {
                succeed(READY, "answered HTTP " + head.status());
            } else {
                succeed(REDIRECT_OK, "followed " + followed + (followed == 1 ? " redirect" : " redirects") + " to "
                        + text(h.url) + ", which answered HTTP " + head.status());
            }
            return;
        }
        AcmeRedirects.Next next = redirects.next(h.url, head.location());
        if (next instanceof Refuse r) {
            broken(r.reason());
        } else {
            follow(((Follow) next).url());
        }
    }

    private void follow(Url next) {
        String shown = text(next);
        if (!visited.add(redirects.show(next))) {
            broken("redirect loop: " + shown + " was already visited");
            return;
        }
        if (followed == AcmeRedirects.MAX_REDIRECTS) {
            broken("more than " + AcmeRedirects.MAX_REDIRECTS + " redirects");
            return;
        }
        followed++;
        current = next;
        int index = followed;
        if (next.hostIsAddress()) {
            connect(next, addressOf(next.host()), next.port(), index);
        } else if (next.host().equalsIgnoreCase(originHost())) {
            // The name being validated: stay on the address this probe is about.
            connect(next, target.ip(), next.port(), index);
        } else {
            HostResolver.lookUp(next.host(), acme.resolver()).whenComplete((found, failure) -> loop.execute(() -> {
                if (done || current != next) {
                    return;
                }
                if (failure != null || found.isEmpty()) {
                    broken(shown + ": cannot resolve the host ("
                            + (failure instanceof UnknownHostException ? "unknown host" : String.valueOf(failure)) + ")");
                } else {
                    connect(next, found.get(0), next.port(), index);
                }
            }));
        }
    }

    private static InetAddress addressOf(String literal) {
        try {
            return InetAddress.getByAddress(NetUtil.createByteArrayFromIpAddressString(literal));
        } catch (UnknownHostException e) {
            throw new AssertionError("a checked IP literal always converts", e);
        }
    }

    private void onNotHttp(Hop h, HttpHeadException why, byte[] received) {
        if (h.index > 0) {
            broken(text(h.url) + ": " + why.getMessage());
            return;
        }
        String shown = NdjsonWriter.escapeBytes(received, SHOWN_BYTES);
        finish(Status.PROTOCOL_MISMATCH, Phase.PRELUDE, why.getMessage(),
                result(ERROR, why.getMessage() + ": " + shown));
    }

    private void onConnectFailed(Hop h, Throwable cause) {
        FailureClassifier.Classified c = FailureClassifier.classify(cause, false, new byte[0]);
        if (h.index > 0) {
            broken(text(h.url) + ": " + c.error());
            return;
        }
        boolean blocked = c.status() == Status.REFUSED || c.status() == Status.TIMEOUT
                || c.status() == Status.UNREACHABLE || c.status() == Status.RESET;
        finish(c.status(), c.phase(), c.error(), result(blocked ? BLOCKED : ERROR, c.error()));
    }

    /**
     * The connection ended, or its clock ran out, before a whole response head: silence or a reset
     * at the origin is {@code blocked} (a CA cannot get through); a clean close or half a head is
     * {@code error} (something answers, but not usefully).
     */
    private void onEnded(Hop h, Throwable cause, byte[] received, boolean timedOut) {
        String what;
        Status status;
        if (timedOut) {
            status = Status.TIMEOUT;
            what = "no HTTP answer within " + config.handshakeTimeout().toMillis() + " ms";
        } else if (cause == null) {
            status = Status.CLOSED;
            what = "the server closed the connection without an HTTP answer";
        } else {
            FailureClassifier.Classified c = FailureClassifier.classify(cause, true, new byte[0]);
            status = c.status() == Status.RESET ? Status.RESET : Status.CLOSED;
            what = status == Status.RESET ? "connection reset by peer" : c.error();
        }
        if (received.length > 0) {
            what = "incomplete HTTP response head (" + what + "): " + NdjsonWriter.escapeBytes(received, SHOWN_BYTES);
        }
        if (h.index > 0) {
            broken(text(h.url) + ": " + what);
            return;
        }
        boolean blocked = received.length == 0 && (status == Status.TIMEOUT || status == Status.RESET);
        finish(status, Phase.PRELUDE, what, result(blocked ? BLOCKED : ERROR, what));
    }

    private void totalTimeout() {
        if (done) {
            return;
        }
        Hop h = hop;
        if (h != null) {
            h.end();
        }
        String what = "the total timeout of " + config.totalTimeout().toMillis() + " ms passed";
        if (followed > 0) {
            broken(text(current) + ": " + what + " while following redirects");
        } else if (h == null || !h.connected) {
            finish(Status.TIMEOUT, Phase.CONNECT, "no connection within the timeout",
                    result(BLOCKED, "no connection within the timeout"));
        } else {
            onEnded(h, ProbeTimeoutException.INSTANCE, h.exchange.received(), true);
        }
    }

    // ---- the record ----

    /** A URL for a detail: as shown, cut at {@link #URL_TEXT_LIMIT} characters (a Location may be 16 KiB). */
    private String text(Url url) {
        String shown = redirects.show(url);
        return shown.length() <= URL_TEXT_LIMIT ? shown : shown.substring(0, URL_TEXT_LIMIT) + "...";
    }

    private AcmeInfo.Http01 result(String result, String detail) {
        return new AcmeInfo.Http01(result, firstStatus, firstLocation, detail);
    }

    /** Port 80 answered HTTP: a success whatever the redirect chain did. */
    private void succeed(String result, String detail) {
        finish(Status.SUCCESS, null, null, result(result, detail));
    }

    private void broken(String why) {
        succeed(REDIRECT_BROKEN, why);
    }

    private void finish(Status status, Phase phase, String error, AcmeInfo.Http01 http01) {
        if (done) {
            return;
        }
        done = true;
        totalDeadline.cancel(false);
        if (hop != null) {
            hop.end();
        }
        long now = System.nanoTime();
        onDone.accept(new AttemptOutcome(target, attempt, status, phase, error,
                connectedNanos >= 0 ? connectedNanos - startNanos : -1, -1, now - startNanos,
                null, null, null, false, null, new byte[0], kind, null, null,
                ProbeExtras.NONE.withAcme(new AcmeInfo(http01, null))));
    }
}
