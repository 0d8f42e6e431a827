package io.tlsweep.core.enumerate;

import io.tlsweep.core.tls.wire.ClientHelloSpec;
import io.tlsweep.core.tls.wire.ServerHelloParser;
import io.tlsweep.core.tls.wire.WireFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only {@link HelloExchange} over a blocking socket (run on the given executor): connect, write
 * the hello, feed the parser until it is done, the peer closes, or the read times out. Loopback only.
 */
final class SocketHelloExchange implements HelloExchange {

    private final InetSocketAddress server;
    private final Executor executor;
    final AtomicInteger sent = new AtomicInteger();

    SocketHelloExchange(InetSocketAddress server, Executor executor) {
        if (!server.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("tests talk to loopback only: " + server);
        }
        this.server = server;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<HelloReply> send(ClientHelloSpec hello) {
        sent.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> exchange(hello), executor);
    }

    private HelloReply exchange(ClientHelloSpec hello) {
        ServerHelloParser parser = new ServerHelloParser();
        try (Socket s = new Socket()) {
            s.connect(server, 5_000);
            s.setSoTimeout(5_000);
            s.getOutputStream().write(hello.toRecord());
            InputStream in = s.getInputStream();
            byte[] chunk = new byte[4096];
            while (true) {
                int n = in.read(chunk);
                if (n < 0) {
                    return new HelloReply(parser.result(), HelloReply.Failure.CLOSED, "closed");
                }
                if (parser.feed(chunk, 0, n)) {
                    return new HelloReply(parser.result(), null, null);
                }
            }
        } catch (WireFormatException e) {
            return new HelloReply(parser.result(), HelloReply.Failure.NOT_TLS, e.getMessage());
        } catch (SocketTimeoutException e) {
            return new HelloReply(parser.result(), HelloReply.Failure.TIMEOUT, e.getMessage());
        } catch (ConnectException e) {
            return HelloReply.failed(HelloReply.Failure.REFUSED, e.getMessage());
        } catch (SocketException e) {
            return new HelloReply(parser.result(), HelloReply.Failure.RESET, e.getMessage());
        } catch (IOException e) {
            return new HelloReply(parser.result(), HelloReply.Failure.LOCAL, e.toString());
        }
    }
}
