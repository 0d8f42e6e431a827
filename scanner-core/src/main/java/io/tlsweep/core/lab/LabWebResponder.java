package io.tlsweep.core.lab;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The lab's web server behind TLS: after the handshake it speaks what ALPN selected ({@code h2}, or
 * HTTP/1.1 when {@code http/1.1} or nothing was selected) and answers every request with one fixed
 * response, chosen by the SNI the client sent. Put it after the {@code SslHandler} (or the
 * {@code SniHandler}, which becomes one); give the server context {@link #alpn(String...)}.
 *
 * <pre>{@code
 * ch.pipeline().addLast(sslContext.newHandler(ch.alloc()),
 *         new LabWebResponder(sni -> new LabWebResponder.Response(200, Map.of("server", "lab"))));
 * }</pre>
 */
public final class LabWebResponder extends ApplicationProtocolNegotiationHandler {

    /**
     * One answer: the status, its headers (names in lower case: HTTP/2 requires it) and a short body.
     */
    public record Response(int status, Map<String, String> headers) {
        public Response {
            headers = Map.copyOf(headers);
        }
    }

    private final Function<String, Response> bySni;
    private String sni;

    /** @param bySni the response for the SNI the client sent (null when it sent none) */
    public LabWebResponder(Function<String, Response> bySni) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.bySni = bySni;
    }

    /** ALPN for a server context offering {@code protocols} in order of preference. */
    public static ApplicationProtocolConfig alpn(String... protocols) {
        return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, List.of(protocols));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SniCompletionEvent e && e.isSuccess()) {
            sni = e.hostname() == null ? null : e.hostname().toLowerCase(Locale.ROOT);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        Response response = bySni.apply(sni);
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            ctx.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(), new H2Answer(response));
        } else {
            ctx.pipeline().addLast(new HttpServerCodec(), new H1Answer(response));
        }
    }

    private static final byte[] BODY = "tlsweep lab\n".getBytes(StandardCharsets.US_ASCII);

    /** HTTP/1.1: answer each request head, close when the client asked to. */
    private static final class H1Answer extends ChannelInboundHandlerAdapter {
        private final Response response;

        H1Answer(Response response) {
            this.response = response;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest) {
                    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(BODY));
                    response.headers().forEach(r.headers()::set);
                    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
                    r.headers().set(HttpHeaderNames.CONNECTION, "close");
                    ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** HTTP/2: answer the request stream's HEADERS with HEADERS and a short DATA frame. */
    private static final class H2Answer extends ChannelInboundHandlerAdapter {
        private final Response response;

        H2Answer(Response response) {
            this.response = response;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame request) {
                    Http2Headers h = new DefaultHttp2Headers().status(Integer.toString(response.status()));
                    response.headers().forEach(h::set);
                    ctx.write(new DefaultHttp2HeadersFrame(h).stream(request.stream()));
                    ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(BODY), true)
                            .stream(request.stream()));
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
