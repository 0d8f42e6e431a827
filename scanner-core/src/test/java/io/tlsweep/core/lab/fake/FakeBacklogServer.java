package io.tlsweep.core.lab.fake;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A listening socket that never accepts, with backlog 1, filled until the kernel drops SYNs: the
 * closest a loopback test gets to a filtered port. Linux completes handshakes into the accept queue
 * until it holds backlog + 1 connections, then silently drops new SYNs (tcp_conn_request,
 * "listen queue overflow"), so the client's connect() waits for SYN retransmissions and times out.
 * {@link #fill} proves that state is reached before a test relies on it.
 */
public final class FakeBacklogServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> fillers = new ArrayList<>();

    public FakeBacklogServer(InetAddress address) throws IOException {
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(address, 0), 1);
    }

    public InetAddress address() {
        return server.getInetAddress();
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * Opens connections (each allowed {@code probeMillis} to connect) until one times out, keeping the
     * successful ones open so the queue stays full.
     *
     * @return true when a connect attempt timed out, i.e. SYNs are now being dropped; false when
     *         {@code maxConnections} all succeeded (the kernel did not behave as described above)
     */
    public boolean fill(int maxConnections, int probeMillis) throws IOException {
        for (int i = 0; i < maxConnections; i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(address(), port()), probeMillis);
                fillers.add(s);
            } catch (SocketTimeoutException e) {
                s.close();
                return true;
            }
        }
        return false;
    }

    /** Connections held in the queue by {@link #fill}. */
    public int queued() {
        return fillers.size();
    }

    @Override
    public void close() throws IOException {
        for (Socket s : fillers) {
            s.close();
        }
        server.close();
    }
}
