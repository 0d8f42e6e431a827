package io.tlsweep.core.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

/**
 * HTTP/1.1 for {@link HttpExchange}: sends {@code GET /} with {@code Connection: close} when added,
 * then waits for the first final response head. Body chunks are released unread.
 */
final class Http1HeadHandler extends ChannelInboundHandlerAdapter {

    private final HttpExchange exchange;
    private final HttpRequestLine request;
    private int informational;

    Http1HeadHandler(HttpExchange exchange, HttpRequestLine request) {
        this.exchange = exchange;
        this.request = request;
    }

    /** The client codec with the head caps ({@link HttpExchange#MAX_STATUS_LINE}, {@link HttpExchange#MAX_HEADER_BYTES}). */
    static ChannelHandler newCodec() {
        HttpDecoderConfig config = new HttpDecoderConfig()
                .setMaxInitialLineLength(HttpExchange.MAX_STATUS_LINE)
                .setMaxHeaderSize(HttpExchange.MAX_HEADER_BYTES)
                .setMaxChunkSize(8192);
        return new HttpClientCodec(config, false, false);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        FullHttpRequest get = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/", Unpooled.EMPTY_BUFFER);
        get.headers()
                .set(HttpHeaderNames.HOST, request.authority())
                .set(HttpHeaderNames.USER_AGENT, request.userAgent())
                .set(HttpHeaderNames.ACCEPT, "*/*")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(get).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                if (HttpExchange.ioCause(f.cause()) != null) {
                    ctx.fireExceptionCaught(f.cause());
                } else {
                    exchange.failed("error: cannot send the request: " + oneLine(String.valueOf(f.cause().getMessage())));
                }
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (exchange.finished() || !(msg instanceof HttpResponse response)) {
                return; // body chunks, or anything after the head
            }
            DecoderResult result = response.decoderResult();
            if (result.isFailure()) {
                exchange.failed(describe(result.cause()));
                return;
            }
            int code = response.status().code();
            if (code < 100 || code > 999) {
                // Netty's codec takes any non-negative number ("000", "1000"); RFC 9110 15 says three
                // digits, 1xx-5xx, and the record's status is 100..999 (as over HTTP/2)
                exchange.failed("malformed: status code " + code);
                return;
            }
            if (code >= 100 && code < 200 && code != 101) {
                if (++informational > HttpExchange.MAX_INFORMATIONAL) {
                    exchange.failed("malformed: more than " + HttpExchange.MAX_INFORMATIONAL + " interim responses");
                }
                return;
            }
            HttpHeaders h = response.headers();
            exchange.answered(new ResponseHead(code, h.get(HttpHeaderNames.SERVER), h.get(HttpHeaderNames.LOCATION),
                    h.get("Strict-Transport-Security"), ResponseHead.joined(h.getAll("Alt-Svc"))));
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private static String describe(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return "head_too_large: header section over " + HttpExchange.MAX_HEADER_BYTES + " bytes";
        }
        if (cause instanceof TooLongHttpLineException) {
            return "head_too_large: status line over " + HttpExchange.MAX_STATUS_LINE + " bytes";
        }
        String m = cause.getMessage();
        return "malformed: " + (m == null ? cause.getClass().getSimpleName() : oneLine(m));
    }

    /** An exception message for the record: it may quote the peer's bytes, so escape and cut it. */
    static String oneLine(String m) {
        return io.tlsweep.core.sink.NdjsonWriter.escapeBytes(
                m.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 200);
    }
}
