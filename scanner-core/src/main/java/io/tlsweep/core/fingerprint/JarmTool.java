package io.tlsweep.core.fingerprint;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A developer's entry point to {@link JarmProbe} outside a scan (a scan takes JARM with {@code --jarm}): the
 * interop lab (scripts/interop/jarm/) runs it from the runnable jar.
 *
 * <pre>
 *   java -cp cli/target/tlsweep.jar io.tlsweep.core.fingerprint.JarmTool IP PORT [HOST [TIMEOUT_SECONDS]]
 * </pre>
 *
 * IP must be a literal (no resolution here); HOST, the name the reference implementation would have
 * been given (sent as SNI), defaults to IP. Prints one line: {@code HASH<tab>RAW}. Bad arguments: one
 * line on stderr and exit 2.
 */
public final class JarmTool {

    private JarmTool() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 4) {
            fail("usage: JarmTool IP PORT [HOST [TIMEOUT_SECONDS]]");
        }
        InetAddress ip = literal(args[0]);
        int port = number(args[1], 1, 65535, "port");
        String host = args.length > 2 ? args[2] : args[0];
        if (host.isEmpty() || host.length() > JarmProbe.MAX_HOST || !host.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            fail("bad host '" + host + "': 1 to " + JarmProbe.MAX_HOST + " printable ASCII characters");
        }
        int timeout = args.length > 3 ? number(args[3], 1, 600, "timeout") : 20; // the reference's 20 s
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            JarmResult r = new JarmProbe(group, NioSocketChannel.class, Duration.ofSeconds(timeout))
                    .fingerprint(new InetSocketAddress(ip, port), host).get();
            System.out.println(r.hash() + "\t" + r.raw());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static InetAddress literal(String token) {
        if (!token.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            fail("bad IP '" + token + "': an IPv4 or IPv6 literal");
        }
        try {
            return InetAddress.getByName(token); // a literal: no DNS lookup
        } catch (UnknownHostException e) {
            fail("bad IP '" + token + "': an IPv4 or IPv6 literal");
            return null;
        }
    }

    private static int number(String token, int min, int max, String what) {
        try {
            int v = Integer.parseInt(token);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail("bad " + what + " '" + token + "': " + min + " to " + max);
        return -1;
    }

    private static void fail(String message) {
        System.err.println("JarmTool: " + message);
        System.exit(2);
    }
}
