package io.tlsweep.core.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.ScheduledFuture;
import io.tlsweep.core.result.HttpInfo;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The web layer's one request on a connection whose TLS handshake just finished: {@code GET /} over
 * the negotiated protocol, reading only the response head.
 *
 * <ol>
 *   <li>{@link #protocolFor} says whether the endpoint is a web endpoint and which protocol to use;</li>
 *   <li>{@link #HttpExchange the constructor} takes the request and where to report; the caller
 *       keeps the exchange before starting it, since a failure can be reported during
 *       {@link #start};</li>
 *   <li>{@link #start} puts the codec ({@link Http1HeadHandler} or {@link Http2HeadHandler}) after
 *       the {@code SslHandler}, sends the request and arms its own deadline;</li>
 *   <li>{@code done} receives exactly one {@link HttpInfo}: the head's facts, or an {@code error}.
 *       The caller closes the channel; the body is never read.</li>
 * </ol>
 *
 * Failures of the connection itself (the peer closing, the probe's total deadline) belong to the
 * caller, which passes them on with {@link #abort}. Everything runs on the channel's event loop.
 *
 * <p>Bounds: the status line at most {@link #MAX_STATUS_LINE} bytes and the header section at most
 * {@link #MAX_HEADER_BYTES} (HTTP/2: the header list size we announce and enforce), at most
 * {@link #MAX_INFORMATIONAL} interim (1xx) heads; body bytes are released as they arrive.
 */
public final class HttpExchange {

    /** Most bytes of the response's header section (HTTP/1.1) or header list (HTTP/2). */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Most bytes of an HTTP/1.1 status line. */
    public static final int MAX_STATUS_LINE = 4096;
    /** Interim responses (103 Early Hints, ...) tolerated before the final one. */
    public static final int MAX_INFORMATIONAL = 8;

    public static final String H2 = "h2";
    public static final String HTTP_1_1 = "http/1.1";

    private final String protocol;
    private final HttpRequestLine request;
    private final Duration timeout;
    private final Consumer<HttpInfo> done;
    private ScheduledFuture<?> deadline;
    private boolean finished;

    /**
     * @param protocol {@link #H2} or {@link #HTTP_1_1}, from {@link #protocolFor}
     * @param timeout  how long the response head may take (the probe's handshake timeout)
     * @param done     receives the one result
     */
    public HttpExchange(String protocol, HttpRequestLine request, Duration timeout, Consumer<HttpInfo> done) {
        this.protocol = protocol;
        this.request = request;
        this.timeout = timeout;
        this.done = done;
    }

    /**
     * The protocol of the request for a handshake that selected {@code alpn} (null: none), or null
     * when this is not a web endpoint: ALPN {@code h2} or {@code http/1.1}, or no ALPN on a port of
     * the catalogue's {@code web} set.
     */
    public static String protocolFor(String alpn, boolean webPort) {
        if (H2.equals(alpn) || HTTP_1_1.equals(alpn)) {
            return alpn;
        }
        return alpn == null && webPort ? HTTP_1_1 : null;
    }

    /**
     * Installs the codec after the handler named {@code afterHandler} (the {@code SslHandler}),
     * sends the request, and reports to {@code done} once (possibly before this returns: the peer
     * may reset the connection as the first bytes go out).
     */
    public void start(Channel channel, String afterHandler) {
        HttpExchange x = this;
        x.deadline = channel.eventLoop().schedule(
                () -> x.abort("timeout: no response head within " + timeout.toMillis() + " ms"),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        ChannelPipeline p = channel.pipeline();
        try {
            if (H2.equals(protocol)) {
                ChannelHandler codec = Http2HeadHandler.newCodec();
                p.addAfter(afterHandler, "h2-codec", codec);
                p.addAfter("h2-codec", "http-head", new Http2HeadHandler(x, request));
            } else {
                p.addAfter(afterHandler, "http-codec", Http1HeadHandler.newCodec());
                p.addAfter("http-codec", "http-head", new Http1HeadHandler(x, request));
            }
        } catch (RuntimeException e) {
            // the channel closed under us: no pipeline to add to
            x.failed("error: cannot send the request: " + e.getMessage());
        }
    }

    /** The connection failed, or the probe's own deadline passed: report {@code error}. */
    public void abort(String error) {
        failed(error);
    }

    /** Whether the exchange has reported. */
    public boolean finished() {
        return finished;
    }

    /**
     * The I/O error inside {@code t} (a reset, a broken pipe), or null when {@code t} is about
     * HTTP itself. An I/O error is the connection's failure: the handlers pass it down the pipeline
     * so the probe classifies it like any other ({@code reset}, {@code closed}).
     */
    static java.io.IOException ioCause(Throwable t) {
        // bounded: initCause lets a chain loop back on itself, and this runs on the event loop
        Throwable c = t;
        for (int depth = 0; c != null && depth < 16; depth++, c = c.getCause()) {
            if (c instanceof java.io.IOException io) {
                return io;
            }
        }
        return null;
    }

    void answered(ResponseHead head) {
        complete(head.toInfo(protocol));
    }

    void failed(String error) {
        complete(new HttpInfo(protocol, null, null, null, null, null, error));
    }

    private void complete(HttpInfo info) {
        if (finished) {
            return;
        }
        finished = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        done.accept(info);
    }
}
