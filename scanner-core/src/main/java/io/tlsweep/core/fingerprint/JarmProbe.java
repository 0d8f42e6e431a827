package io.tlsweep.core.fingerprint;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Takes one endpoint's JARM: ten sequential TCP connections, one {@link JarmHello} each, the first
 * bytes of each answer read as the reference implementation reads them ({@link JarmAnswer}), then
 * {@link JarmHash}. Non-blocking, on the caller's Netty event loops.
 *
 * <p>Cost against any server: each probe has one deadline covering connect and read, so a JARM takes
 * at most 10 x {@code timeout}; memory per probe is one {@link JarmAnswer#REFERENCE_READ}-byte
 * buffer plus the bounded {@link io.tlsweep.core.tls.wire.ServerHelloParser}. As in the reference, a
 * probe that gets no byte in time (or cannot connect in time) makes the whole JARM the all-failed
 * value and the remaining probes are skipped; a refused or reset connection fails only its probe.
 *
 * <pre>{@code
 * JarmProbe jarm = new JarmProbe(group, NioSocketChannel.class, Duration.ofSeconds(5));
 * JarmResult r = jarm.fingerprint(new InetSocketAddress("127.0.0.70", 443), "127.0.0.70").join();
 * System.out.println(r.hash());
 * }</pre>
 *
 * <p>Inside a scan ({@code --jarm}) the engine builds it with {@link #JarmProbe(Bootstrap, EventLoop,
 * Duration, JarmPermits)}: the scan's connect template, one event loop, and the governor's permits,
 * asked before each of the ten connections.
 */
public final class JarmProbe {

    /** A DNS name has at most 253 characters; SNI's own limit is far above. */
    public static final int MAX_HOST = 255;

    private final Bootstrap template;
    private final long timeoutMillis;
    private final JarmEntropy entropy;
    /** Where every connection waits for its start; {@link JarmPermits#NONE} stand-alone. */
    private final JarmPermits permits;
    /** The loop every connection runs on, or null to let the template's group pick (stand-alone). */
    private final EventLoop loop;

    public JarmProbe(EventLoopGroup group, Class<? extends Channel> channelType, Duration timeout) {
        this(group, channelType, timeout, JarmEntropy.secure());
    }

    public JarmProbe(EventLoopGroup group, Class<? extends Channel> channelType, Duration timeout,
                     JarmEntropy entropy) {
        this.timeoutMillis = Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        this.entropy = entropy;
        this.template = new Bootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true);
        this.permits = JarmPermits.NONE;
        this.loop = null;
    }

    /**
     * A probe inside a scan: connections are clones of {@code template} (the scan's connect options)
     * on {@code loop}, and each starts only once {@code permits} grants it. {@code timeout} is each
     * probe's deadline (connect and read).
     */
    public JarmProbe(Bootstrap template, EventLoop loop, Duration timeout, JarmPermits permits) {
        this.timeoutMillis = Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        this.entropy = JarmEntropy.secure();
        this.template = template.clone(loop);
        this.loop = loop;
        this.permits = java.util.Objects.requireNonNull(permits, "permits");
    }

    /**
     * Fingerprints {@code address}; {@code host} is what the reference scanned, sent as SNI in every
     * hello (an IP literal when scanning an address; an IDN in its ASCII form), at most 255 characters. Completes, never
     * exceptionally, within 10 x timeout plus the waits for permits; with null when a permit was
     * refused or the event loop shut down (the JARM is unfinished: there is no value to report).
     */
    public CompletableFuture<JarmResult> fingerprint(InetSocketAddress address, String host) {
        if (host.isEmpty() || host.length() > MAX_HOST || !host.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // ASCII only: the reference counts characters for SNI's lengths, so only ASCII is well-formed.
            throw new IllegalArgumentException("host must be 1 to " + MAX_HOST + " printable ASCII characters: "
                    + host.length());
        }
        CompletableFuture<JarmResult> result = new CompletableFuture<>();
        next(0, new ArrayList<>(), address, host, result);
        return result;
    }

    private void next(int index, List<String> answers, InetSocketAddress address, String host,
                      CompletableFuture<JarmResult> result) {
        if (index == JarmProbeSpec.PROBES.size()) {
            result.complete(JarmResult.of(answers));
            return;
        }
        try {
            permits.acquire(() -> {
                if (loop == null) {
                    connect(index, answers, address, host, result);
                    return;
                }
                try {
                    loop.execute(() -> connect(index, answers, address, host, result));
                } catch (RejectedExecutionException e) {
                    result.complete(null);
                }
            }, () -> result.complete(null));
        } catch (RejectedExecutionException e) {
            result.complete(null);
        }
    }

    private void connect(int index, List<String> answers, InetSocketAddress address, String host,
                         CompletableFuture<JarmResult> result) {
        byte[] hello = JarmHello.build(JarmProbeSpec.PROBES.get(index), host, entropy).toRecord();
        JarmReadHandler handler = new JarmReadHandler(hello, reply -> {
            if (reply.timedOut()) {
                answers.add("TIMEOUT");
                result.complete(JarmResult.timedOut(answers));
                return;
            }
            answers.add(JarmAnswer.of(reply.data()));
            next(index + 1, answers, address, host, result);
        });
        ChannelFuture connect = template.clone().handler(handler).connect(address);
        Channel channel = connect.channel();
        ScheduledFuture<?> deadline = channel.eventLoop().schedule(handler::timeout, timeoutMillis,
                TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(f -> deadline.cancel(false));
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                handler.connectFailed(f.cause() instanceof ConnectTimeoutException);
            }
        });
    }
}
