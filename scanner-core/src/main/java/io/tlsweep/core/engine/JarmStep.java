package io.tlsweep.core.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import io.netty.util.NetUtil;
import io.tlsweep.core.fingerprint.JarmProbe;
import io.tlsweep.core.fingerprint.JarmResult;
import io.tlsweep.core.target.Target;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@code --jarm}'s place in a probe: after a TCP attempt that met a TLS server in implicit TLS (and
 * after {@code --enum}'s enumeration when that is on too), the endpoint's JARM runs, each of its ten
 * connections waiting for a permit from the scan's governor like an enumeration hello, and its hash
 * rides on the attempt's {@link ProbeExtras} to {@code fingerprints.jarm}. The probe keeps its
 * in-flight slot meanwhile, so {@code --concurrency} bounds JARMs too.
 */
final class JarmStep {

    private JarmStep() {
    }

    /**
     * Whether the attempt gets a JARM: it met a TLS server ({@link EnumerationStep#applies}) in
     * implicit TLS. After STARTTLS there is none: the reference implementation speaks TLS first, so a
     * JARM taken after a prelude would match nothing the reference can produce.
     */
    static boolean applies(AttemptOutcome o) {
        return EnumerationStep.applies(o) && o.kind().dialect() == null;
    }

    /**
     * The name the reference implementation would have been given, sent as SNI in every JARM hello:
     * the probe's SNI (the target's hostname, or a {@code --sni} override: the name the server is
     * known by), else the IP literal, as the reference sends when it scans an address.
     */
    static String host(Target target) {
        return target.sni() != null ? target.sni() : NetUtil.toAddressString(target.ip());
    }

    /**
     * Takes the JARM of {@code attempt}'s endpoint and reports the attempt, with the hash when the JARM
     * finished, to {@code onDone}, exactly once. {@code timeout} is each of the ten probes' deadline.
     */
    static void run(AttemptOutcome attempt, Bootstrap template, EventLoop loop, Duration timeout,
                    ConnectionPermits permits, Consumer<AttemptOutcome> onDone) {
        Target t = attempt.target();
        CompletableFuture<JarmResult> future;
        try {
            JarmProbe probe = new JarmProbe(template, loop, timeout,
                    (granted, refused) -> permits.acquire(t.ip(), granted, refused));
            future = probe.fingerprint(new InetSocketAddress(t.ip(), t.port()), host(t));
        } catch (RuntimeException e) {
            onDone.accept(attempt); // a name the reference could not send, or a bug: never cost the record
            return;
        }
        future.whenComplete((result, error) -> onDone.accept(result == null ? attempt
                : attempt.withExtras(attempt.extras().withJarm(result.hash()))));
    }
}
