package io.tlsweep.core.target;

import io.tlsweep.core.BadInputException;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What to scan, as the user said it: targets, default ports, exclusions, SNI, seed and shard.
 * Every token is parsed when it is added, so a bad one fails fast with its name (and file:line).
 *
 * <pre>{@code
 * TargetSpec spec = TargetSpec.builder()
 *     .addTarget("10.0.0.0/24")              // IP, CIDR, range, host, host:port, [v6]:port
 *     .addTargetsFrom(Path.of("list.txt"))    // or addTargetsFrom(System.in, "stdin")
 *     .ports(new int[]{443, 8443})            // for tokens without :port
 *     .exclude("10.0.0.7")                    // or excludeFrom(path)
 *     .seed(42L).shard(0, 4)
 *     .build();
 * TargetPlan plan = spec.resolve(resolverPool, Duration.ofSeconds(5));
 * for (Target t : plan) { ... }
 * }</pre>
 */
public final class TargetSpec {

    /** Above this many probes the input is almost surely a mistake (an IPv6 /32 is 2^96). */
    public static final long MAX_PROBES = 1L << 48;

    private final IntervalSet defaultAddresses;
    private final SortedMap<Integer, IntervalSet> addressesByPort;
    private final SortedMap<String, HostPorts> hosts;
    private final IntervalSet excluded;
    private final int[] ports;
    private final String sni;
    private final long seed;
    private final int shardIndex;
    private final int shardCount;
    private final Transport transport;

    /** The ports one host name is probed on: the defaults (if given without a port) plus explicit ones. */
    private record HostPorts(boolean defaults, TreeSet<Integer> explicit) {
    }

    private TargetSpec(Builder b, IntervalSet excluded, IntervalSet defaultAddresses,
                       SortedMap<Integer, IntervalSet> addressesByPort) {
        this.excluded = excluded;
        this.defaultAddresses = defaultAddresses;
        this.addressesByPort = addressesByPort;
        this.hosts = new TreeMap<>();
        b.hosts.forEach((host, wanted) -> hosts.put(host, new HostPorts(wanted.defaults(), new TreeSet<>(wanted.explicit()))));
        this.ports = b.ports.clone();
        this.sni = b.sni;
        this.seed = b.seed != null ? b.seed : ThreadLocalRandom.current().nextLong();
        this.shardIndex = b.shardIndex;
        this.shardCount = b.shardCount;
        this.transport = b.transport;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Resolves host names (in parallel on {@code resolverPool}, never on an event loop; skipped when
     * there are none) and lays out the probe space.
     *
     * @param timeout one deadline for all lookups; names not answered by then become {@link DnsFailure}s
     * @throws BadInputException when the resolved space exceeds {@link #MAX_PROBES}
     */
    public TargetPlan resolve(Executor resolverPool, Duration timeout) {
        List<ProbeSegment> segments = new ArrayList<>();
        if (!defaultAddresses.isEmpty()) {
            segments.add(new ProbeSegment(new AddressSpace(defaultAddresses), ports, null));
        }
        addressesByPort.forEach((port, set) ->
                segments.add(new ProbeSegment(new AddressSpace(set), new int[]{port}, null)));
        List<DnsFailure> failures = new ArrayList<>();
        if (!hosts.isEmpty()) {
            Map<String, HostResolver.Outcome> outcomes = HostResolver.resolveAll(hosts.keySet(), resolverPool, timeout);
            hosts.forEach((host, wanted) -> {
                int[] hostPorts = portsOf(wanted);
                HostResolver.Outcome outcome = outcomes.get(host);
                if (outcome.error() != null) {
                    for (int port : hostPorts) {
                        failures.add(new DnsFailure(host, port, outcome.error()));
                    }
                    return;
                }
                List<AddressInterval> found = new ArrayList<>();
                outcome.addresses().forEach(a -> found.add(AddressInterval.single(a)));
                IntervalSet allowed = IntervalSet.union(found).minus(excluded);
                if (!allowed.isEmpty()) {
                    segments.add(new ProbeSegment(new AddressSpace(allowed), hostPorts, host));
                }
            });
        }
        BigInteger total = BigInteger.ZERO;
        for (ProbeSegment segment : segments) {
            total = total.add(BigInteger.valueOf(segment.size()));
        }
        checkCap(total);
        return new TargetPlan(segments, failures, seed, shardIndex, shardCount, sni, transport);
    }

    private int[] portsOf(HostPorts wanted) {
        TreeSet<Integer> all = new TreeSet<>(wanted.explicit());
        if (wanted.defaults()) {
            Arrays.stream(ports).forEach(all::add);
        }
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void checkCap(BigInteger probes) {
        if (probes.compareTo(BigInteger.valueOf(MAX_PROBES)) > 0) {
            throw new BadInputException("target space too large: " + probes
                    + " probes (addresses x ports) is over the limit of 2^48; narrow the ranges or split the scan");
        }
    }

    /** Collects and checks the inputs; {@link #build()} merges, subtracts exclusions and checks the size. */
    public static final class Builder {
        private final List<AddressInterval> defaultAddresses = new ArrayList<>();
        private final Map<Integer, List<AddressInterval>> addressesByPort = new HashMap<>();
        private final SortedMap<String, HostPorts> hosts = new TreeMap<>();
        private final List<AddressInterval> exclusions = new ArrayList<>();
        private String firstTokenWithoutPort;
        private int[] ports = new int[0];
        private String sni;
        private Long seed;
        private int shardIndex = 0;
        private int shardCount = 1;
        private Transport transport = Transport.TCP;

        private Builder() {
        }

        /** One token; repeatable. @throws BadInputException naming the token */
        public Builder addTarget(String token) {
            TargetToken parsed = TargetTokenParser.parseTarget(token);
            if (parsed.port() == TargetToken.DEFAULT_PORTS && firstTokenWithoutPort == null) {
                firstTokenWithoutPort = token.strip();
            }
            if (parsed instanceof TargetToken.Addresses a) {
                if (a.port() == TargetToken.DEFAULT_PORTS) {
                    defaultAddresses.add(a.range());
                } else {
                    addressesByPort.computeIfAbsent(a.port(), p -> new ArrayList<>()).add(a.range());
                }
            } else if (parsed instanceof TargetToken.Host h) {
                HostPorts known = hosts.get(h.name());
                boolean defaults = h.port() == TargetToken.DEFAULT_PORTS || (known != null && known.defaults());
                HostPorts merged = new HostPorts(defaults, known == null ? new TreeSet<>() : known.explicit());
                if (h.port() != TargetToken.DEFAULT_PORTS) {
                    merged.explicit().add(h.port());
                }
                hosts.put(h.name(), merged);
            }
            return this;
        }

        /** A target list file. @throws BadInputException naming file:line and token, or the unreadable file */
        public Builder addTargetsFrom(Path file) {
            TokenListReader.read(file, "target", this::addTarget);
            return this;
        }

        /** A target list stream, e.g. stdin; {@code name} is used in messages. Not closed. */
        public Builder addTargetsFrom(InputStream in, String name) {
            TokenListReader.read(in, name, "target", this::addTarget);
            return this;
        }

        /** Ports for tokens given without {@code :port}; duplicates are dropped. */
        public Builder ports(int[] defaultPorts) {
            TreeSet<Integer> unique = new TreeSet<>();
            for (int port : defaultPorts) {
                if (port < 1 || port > 65535) {
                    throw new BadInputException("bad port '" + port + "': ports are 1-65535");
                }
                unique.add(port);
            }
            this.ports = unique.stream().mapToInt(Integer::intValue).toArray();
            return this;
        }

        /** An address, CIDR or range never to probe; repeatable. */
        public Builder exclude(String token) {
            exclusions.add(TargetTokenParser.parseExclusion(token));
            return this;
        }

        public Builder excludeFrom(Path file) {
            TokenListReader.read(file, "exclude", this::exclude);
            return this;
        }

        public Builder excludeFrom(InputStream in, String name) {
            TokenListReader.read(in, name, "exclude", this::exclude);
            return this;
        }

        /** The SNI for every probe, instead of each target's host name; null restores the default. */
        public Builder sni(String serverName) {
            this.sni = serverName == null || serverName.isBlank() ? null : serverName.strip();
            return this;
        }

        /** The permutation key; the same seed and inputs give the same order. Default: random. */
        public Builder seed(long permutationSeed) {
            this.seed = permutationSeed;
            return this;
        }

        /** Take only shard {@code index} of {@code count} (0-based); shards are disjoint and cover the plan. */
        public Builder shard(int index, int count) {
            if (count < 1 || index < 0 || index >= count) {
                throw new BadInputException("bad shard '" + index + "/" + count + "': need 0 <= index < count");
            }
            this.shardIndex = index;
            this.shardCount = count;
            return this;
        }

        /** The transport of every probe: TCP (default) or UDP for QUIC. */
        public Builder transport(Transport probeTransport) {
            this.transport = java.util.Objects.requireNonNull(probeTransport, "transport");
            return this;
        }

        /** @throws BadInputException when a token lacks a port and no default ports were given, or the space is too large */
        public TargetSpec build() {
            if (firstTokenWithoutPort != null && ports.length == 0) {
                throw new BadInputException("target '" + firstTokenWithoutPort
                        + "' has no port and no default ports were given");
            }
            IntervalSet excluded = IntervalSet.union(exclusions);
            IntervalSet defaults = IntervalSet.union(defaultAddresses).minus(excluded);
            BigInteger probes = defaults.count().multiply(BigInteger.valueOf(ports.length));
            SortedMap<Integer, IntervalSet> byPort = new TreeMap<>();
            for (Map.Entry<Integer, List<AddressInterval>> entry : addressesByPort.entrySet()) {
                IntervalSet set = IntervalSet.union(entry.getValue()).minus(excluded);
                if (Arrays.binarySearch(ports, entry.getKey()) >= 0) {
                    set = set.minus(defaults); // already probed on this port as a default
                }
                if (!set.isEmpty()) {
                    byPort.put(entry.getKey(), set);
                    probes = probes.add(set.count());
                }
            }
            checkCap(probes);
            return new TargetSpec(this, excluded, defaults, byPort);
        }
    }
}
