package io.tlsweep.core.http;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * HTTP/2 for {@link HttpExchange}, on Netty's frame codec without a multiplexer (one stream is all we
 * open): sends the connection preface and SETTINGS (header list capped at
 * {@link HttpExchange#MAX_HEADER_BYTES}, no push), then one HEADERS frame with END_STREAM, and waits
 * for the final response HEADERS of that stream. RST_STREAM, a GOAWAY that excludes our stream and
 * codec errors end the exchange with an error; DATA frames are released unread.
 */
final class Http2HeadHandler extends Http2ChannelDuplexHandler {

    private final HttpExchange exchange;
    private final HttpRequestLine request;
    private Http2FrameStream stream;
    private int informational;

    Http2HeadHandler(HttpExchange exchange, HttpRequestLine request) {
        this.exchange = exchange;
        this.request = request;
    }

    static ChannelHandler newCodec() {
        Http2Settings settings = Http2Settings.defaultSettings()
                .maxHeaderListSize(HttpExchange.MAX_HEADER_BYTES)
                .pushEnabled(false);
        return Http2FrameCodecBuilder.forClient().initialSettings(settings).build();
    }

    @Override
    protected void handlerAdded0(ChannelHandlerContext ctx) {
        Http2Headers headers = new DefaultHttp2Headers()
                .method("GET").scheme("https").authority(request.authority()).path("/");
        headers.add("user-agent", request.userAgent());
        headers.add("accept", "*/*");
        stream = newStream();
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true).stream(stream)).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                failed(ctx, f.cause());
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (exchange.finished()) {
                return;
            }
            if (msg instanceof Http2GoAwayFrame g) {
                if (stream.id() < 0 || g.lastStreamId() < stream.id()) {
                    exchange.failed("goaway: " + errorName(g.errorCode()) + " (last stream " + g.lastStreamId() + ")");
                }
            } else if (msg instanceof Http2StreamFrame f && f.stream() != null && f.stream().id() == stream.id()) {
                if (msg instanceof Http2ResetFrame r) {
                    exchange.failed("stream_reset: " + errorName(r.errorCode()));
                } else if (msg instanceof Http2HeadersFrame h) {
                    onHeaders(h.headers());
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHeaders(Http2Headers h) {
        CharSequence status = h.status();
        int code = parseStatus(status);
        if (code < 0) {
            exchange.failed("malformed: :status " + (status == null ? "missing" : HeaderText.bounded(status)));
            return;
        }
        if (code < 200) {
            if (++informational > HttpExchange.MAX_INFORMATIONAL) {
                exchange.failed("malformed: more than " + HttpExchange.MAX_INFORMATIONAL + " interim responses");
            }
            return;
        }
        exchange.answered(new ResponseHead(code, str(h.get("server")), str(h.get("location")),
                str(h.get("strict-transport-security")), ResponseHead.joined(all(h, "alt-svc"))));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failed(ctx, cause);
    }

    /** An HTTP/2 error ends the exchange here; an I/O error goes on to the probe, which classifies it. */
    private void failed(ChannelHandlerContext ctx, Throwable cause) {
        java.io.IOException io = HttpExchange.ioCause(cause);
        if (io == null && (cause instanceof Http2FrameStreamException || cause instanceof Http2Exception)) {
            exchange.failed(describe(cause));
            return;
        }
        ctx.fireExceptionCaught(io != null ? io : cause);
    }

    private static String describe(Throwable cause) {
        Throwable c = cause instanceof Http2FrameStreamException && cause.getCause() != null ? cause.getCause() : cause;
        String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
        if (c instanceof Http2Exception.HeaderListSizeException || m.contains("Header size exceeded")) {
            return "head_too_large: header list over " + HttpExchange.MAX_HEADER_BYTES + " bytes";
        }
        if (m.contains("GOAWAY")) {
            return "goaway: " + Http1HeadHandler.oneLine(m);
        }
        return "malformed: " + Http1HeadHandler.oneLine(m);
    }

    private static int parseStatus(CharSequence s) {
        if (s == null || s.length() != 3) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v >= 100 ? v : -1;
    }

    private static String errorName(long code) {
        Http2Error e = Http2Error.valueOf(code);
        return e == null ? "0x" + Long.toHexString(code) : e.name();
    }

    private static String str(CharSequence s) {
        return s == null ? null : s.toString();
    }

    private static List<CharSequence> all(Http2Headers h, String name) {
        return h.getAll(name);
    }
}
