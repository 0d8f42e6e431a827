package io.tlsweep.core.lab.fake;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * An HTTP/1.1 origin, plain or behind TLS: reads each request head, records it, writes what the
 * responder returns for it and closes (the client asked for {@code Connection: close}). What a
 * redirect chain or a challenge path meets is the test's responder.
 *
 * <pre>{@code
 * try (FakeHttpServer origin = new FakeHttpServer(loopback(160), null, req -> FakeHttpServer.response(404))) {
 *     ... scan origin.target() ...; origin.requests().get(0) starts with "GET /.well-known/acme-challenge/"
 * }
 * }</pre>
 */
public final class FakeHttpServer extends FakeServer {

    /** Most request bytes read before giving up on a client (a test server, not a target). */
    private static final int MAX_REQUEST = 16 * 1024;

    private final SslContext tls;
    private final Function<String, byte[]> responder;
    private final Queue<String> requests = new ConcurrentLinkedQueue<>();

    /**
     * @param tls       a server context for https, or null for plain http
     * @param responder request head (request line and headers, CRLF-separated) to the response bytes
     */
    public FakeHttpServer(InetAddress address, SslContext tls, Function<String, byte[]> responder) {
        super(address);
        this.tls = tls;
        this.responder = responder;
        bind();
    }

    /** A response head with these headers ("Location: /x") and an empty body. */
    public static byte[] response(int status, String... headers) {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(" Whatever\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        head.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The request line of a request head: "GET /path HTTP/1.1". */
    public static String requestLine(String requestHead) {
        return requestHead.substring(0, requestHead.indexOf("\r\n"));
    }

    /** The path of a request head. */
    public static String path(String requestHead) {
        return requestLine(requestHead).split(" ")[1];
    }

    /** The request heads received so far, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    protected void initConnection(Channel ch) {
        if (tls != null) {
            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
        }
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            private final StringBuilder seen = new StringBuilder();
            private boolean answered;

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                try {
                    if (answered || !(msg instanceof ByteBuf in)) {
                        return;
                    }
                    seen.append(in.toString(StandardCharsets.ISO_8859_1));
                    int end = seen.indexOf("\r\n\r\n");
                    if (end < 0) {
                        if (seen.length() > MAX_REQUEST) {
                            ctx.close();
                        }
                        return;
                    }
                    answered = true;
                    String head = seen.substring(0, end + 2);
                    requests.add(head);
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(responder.apply(head)))
                            .addListener(ChannelFutureListener.CLOSE);
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        });
    }
}
