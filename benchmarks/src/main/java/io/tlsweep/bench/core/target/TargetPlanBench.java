package io.tlsweep.bench.core.target;

import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.TargetPlan;
import io.tlsweep.core.target.TargetSpec;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The target generator on the largest plan the README shows: {@code 10.0.0.0/8} x 20 ports
 * (335,544,320 probes). {@link #next} is the dispatcher's per-probe cost of pulling a target
 * (targets/s); {@link #build} is what a user waits for before the first connection.
 *
 * <p>The iterator lives for the whole trial: a plan this size is never exhausted in a few seconds,
 * and restarting it per iteration would only measure the first, cache-warm part of the permutation.
 */
@State(Scope.Thread)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TargetPlanBench {

    /** Twenty ports, as a "tls"-style port set would give: the plan is addresses x ports. */
    static final int[] TWENTY_PORTS = {443, 465, 563, 636, 853, 989, 990, 992, 993, 994, 995, 1443, 2376,
            3269, 5061, 5986, 6443, 8443, 9443, 10443};

    private TargetPlan plan;
    private Iterator<Target> targets;

    @Setup(Level.Trial)
    public void setUp() {
        plan = newPlan();
        targets = plan.iterator();
    }

    static TargetPlan newPlan() {
        return TargetSpec.builder()
                .addTarget("10.0.0.0/8")
                .ports(TWENTY_PORTS)
                .seed(42L)
                .build()
                // no host names, so nothing is resolved and the executor is never used
                .resolve(Runnable::run, Duration.ofSeconds(1));
    }

    /** One target off the lazy, permuted plan: address decode, port pick, Target allocation. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Target next() {
        if (!targets.hasNext()) {
            targets = plan.iterator(); // ~10^8 ops would be needed first; kept so the op never throws
        }
        return targets.next();
    }

    /** Parse, merge, size-check and lay out the plan, including the permutation's key schedule. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public TargetPlan build() {
        return newPlan();
    }
}
