package io.tlsweep.core.target;

import io.tlsweep.core.BadInputException;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * What to scan, as the user said it: targets, default ports, exclusions, SNI, seed and shard.
 * Every token is parsed when it is added, so a bad one fails fast with its name (and file:line).
 *
 * <pre>{@code
 * TargetSpec spec = TargetSpec.builder()
 *     .addTarget("10.0.0.0/24")              // IP, CIDR, range, host, host:port, [v6]:port, ip:443/udp
 *     .addTargetsFrom(Path.of("list.txt"))    // or addTargetsFrom(System.in, "stdin")
 *     .ports(new int[]{443, 8443, PortKeys.of(443, Transport.UDP)})   // for tokens without :port
 *     .exclude("10.0.0.7")                    // or excludeFrom(path)
 *     .sniName("www.example.com")            // optional SNI variants: each address:port also without SNI
 *     .seed(42L).shard(0, 4)
 *     .build();
 * TargetPlan plan = spec.resolve(resolverPool, Duration.ofSeconds(5));
 * for (Target t : plan) { ... }
 * }</pre>
 *
 * <p>Ports are {@link PortKeys} keys: a port number plus its transport. All probes of one address and
 * port number (its transports x its SNI variants) form one {@link ProbeGroup}.
 */
public final class TargetSpec {

    /** Above this many probes the input is almost surely a mistake (an IPv6 /32 is 2^96). */
    public static final long MAX_PROBES = 1L << 48;

    private final IntervalSet defaultAddresses;
    private final SortedMap<Integer, IntervalSet> addressesByPort;
    private final Map<String, HostPorts> hosts;
    private final IntervalSet excluded;
    private final int[] ports;
    private final String sni;
    private final List<String> sniNames;
    private final boolean sniMatrix;
    private final long seed;
    private final int shardIndex;
    private final int shardCount;

    /** The port keys one host name is probed on: the defaults (if given without a port) plus explicit ones. */
    private record HostPorts(boolean defaults, TreeSet<Integer> explicit) {
    }

    /** One address:port of {@code --sni-matrix}: the transports wanted and the names that resolved to it. */
    private static final class MatrixCell {
        int transports;
        final Set<String> names = new LinkedHashSet<>();
    }

    private TargetSpec(Builder b, int[] ports, Map<String, HostPorts> hosts, IntervalSet excluded,
                       IntervalSet defaultAddresses, SortedMap<Integer, IntervalSet> addressesByPort) {
        this.excluded = excluded;
        this.defaultAddresses = defaultAddresses;
        this.addressesByPort = addressesByPort;
        this.hosts = hosts;
        this.ports = ports;
        this.sni = b.sni;
        this.sniNames = List.copyOf(b.sniNames);
        this.sniMatrix = b.sniMatrix;
        this.seed = b.seed != null ? b.seed : ThreadLocalRandom.current().nextLong();
        this.shardIndex = b.shardIndex;
        this.shardCount = b.shardCount;
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
        return resolve(names -> HostResolver.resolveAll(names, resolverPool, timeout));
    }

    /** Lays out the probe space with {@code lookup} answering for the host names (tests give a fake one). */
    TargetPlan resolve(Function<Collection<String>, Map<String, HostResolver.Outcome>> lookup) {
        List<ProbeBlock> blocks = new ArrayList<>();
        addressBlocks(blocks);
        List<DnsFailure> failures = new ArrayList<>();
        if (!hosts.isEmpty()) {
            Map<String, HostResolver.Outcome> outcomes = lookup.apply(hosts.keySet());
            Map<Ip128, SortedMap<Integer, MatrixCell>> matrix = new LinkedHashMap<>();
            hosts.forEach((host, wanted) -> {
                int[] hostPorts = portsOf(wanted);
                HostResolver.Outcome outcome = outcomes.get(host);
                if (outcome.error() != null) {
                    for (int key : hostPorts) {
                        failures.add(new DnsFailure(host, PortKeys.port(key), outcome.error(), PortKeys.transport(key)));
                    }
                    return;
                }
                List<AddressInterval> found = new ArrayList<>();
                outcome.addresses().forEach(a -> found.add(AddressInterval.single(a)));
                IntervalSet allowed = IntervalSet.union(found).minus(excluded);
                if (allowed.isEmpty()) {
                    return;
                }
                if (sniMatrix) {
                    for (Ip128 address : outcome.addresses()) {
                        if (allowed.contains(address)) {
                            addToMatrix(matrix, address, host, hostPorts);
                        }
                    }
                    return;
                }
                AddressSpace space = new AddressSpace(allowed);
                String[] snis = hostSnis(host);
                transportsByPort(hostPorts).forEach((port, transports) ->
                        blocks.add(new ProbeBlock(space, port, transports, host, snis, false)));
            });
            matrix.forEach((address, cells) -> {
                AddressSpace space = new AddressSpace(IntervalSet.union(List.of(AddressInterval.single(address))));
                cells.forEach((port, cell) -> {
                    List<String> names = new ArrayList<>();
                    names.add(null);
                    names.addAll(cell.names);
                    sniNames.stream().filter(n -> !cell.names.contains(n)).forEach(names::add);
                    blocks.add(new ProbeBlock(space, port, cell.transports, null, names.toArray(new String[0]), true));
                });
            });
        }
        BigInteger total = BigInteger.ZERO;
        for (ProbeBlock block : blocks) {
            total = total.add(BigInteger.valueOf(block.groups()).multiply(BigInteger.valueOf(block.groupSize())));
        }
        checkCap(total);
        return new TargetPlan(blocks, failures, seed, shardIndex, shardCount);
    }

    /**
     * The address targets, one block per port number and transport combination. A port only the
     * default list names shares the one default address space; a port with explicit targets
     * ({@code 10.0.0.1:443/udp}) splits its addresses by the transports each one is wanted on, so an
     * address wanted on TCP and UDP is one group.
     */
    private void addressBlocks(List<ProbeBlock> blocks) {
        String[] snis = addressSnis();
        AddressSpace defaultSpace = defaultAddresses.isEmpty() ? null : new AddressSpace(defaultAddresses);
        SortedMap<Integer, Integer> defaultTransports = defaultSpace == null ? new TreeMap<>() : transportsByPort(ports);
        SortedMap<Integer, IntervalSet[]> explicit = new TreeMap<>();
        addressesByPort.forEach((key, set) -> explicit.computeIfAbsent(PortKeys.port(key),
                p -> new IntervalSet[]{IntervalSet.EMPTY, IntervalSet.EMPTY})[udpIndex(key)] = set);
        TreeSet<Integer> portNumbers = new TreeSet<>(defaultTransports.keySet());
        portNumbers.addAll(explicit.keySet());
        for (int port : portNumbers) {
            int defaults = defaultTransports.getOrDefault(port, 0);
            IntervalSet[] extra = explicit.get(port);
            if (extra == null) {
                blocks.add(new ProbeBlock(defaultSpace, port, defaults, null, snis, false));
                continue;
            }
            IntervalSet tcp = plus((defaults & ProbeBlock.TCP_BIT) != 0 ? defaultAddresses : IntervalSet.EMPTY, extra[0]);
            IntervalSet udp = plus((defaults & ProbeBlock.UDP_BIT) != 0 ? defaultAddresses : IntervalSet.EMPTY, extra[1]);
            IntervalSet tcpOnly = tcp.minus(udp);
            addBlock(blocks, tcp.minus(tcpOnly), port, ProbeBlock.TCP_BIT | ProbeBlock.UDP_BIT, snis);
            addBlock(blocks, tcpOnly, port, ProbeBlock.TCP_BIT, snis);
            addBlock(blocks, udp.minus(tcp), port, ProbeBlock.UDP_BIT, snis);
        }
    }

    private static void addBlock(List<ProbeBlock> blocks, IntervalSet set, int port, int transports, String[] snis) {
        if (!set.isEmpty()) {
            blocks.add(new ProbeBlock(new AddressSpace(set), port, transports, null, snis, false));
        }
    }

    private static int udpIndex(int key) {
        return PortKeys.transport(key) == Transport.UDP ? 1 : 0;
    }

    private static IntervalSet plus(IntervalSet a, IntervalSet b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() ? b : a;
        }
        List<AddressInterval> all = new ArrayList<>(a.intervals());
        all.addAll(b.intervals());
        return IntervalSet.union(all);
    }

    /** SNI variants of an address target: the {@code --sni} (or none), or no SNI and each name. */
    private String[] addressSnis() {
        if (sniNames.isEmpty()) {
            return new String[]{sni};
        }
        List<String> out = new ArrayList<>();
        out.add(null);
        out.addAll(sniNames);
        return out.toArray(new String[0]);
    }

    /** SNI variants of a host name target: the name (or {@code --sni}), or no SNI, the name, and each other name. */
    private String[] hostSnis(String host) {
        if (sniNames.isEmpty()) {
            return new String[]{sni != null ? sni : host};
        }
        List<String> out = new ArrayList<>();
        out.add(null);
        out.add(host);
        sniNames.stream().filter(n -> !n.equals(host)).forEach(out::add);
        return out.toArray(new String[0]);
    }

    private static void addToMatrix(Map<Ip128, SortedMap<Integer, MatrixCell>> matrix, Ip128 address, String host,
                                    int[] keys) {
        SortedMap<Integer, MatrixCell> cells = matrix.computeIfAbsent(address, a -> new TreeMap<>());
        for (int key : keys) {
            MatrixCell cell = cells.computeIfAbsent(PortKeys.port(key), p -> new MatrixCell());
            cell.transports |= ProbeBlock.bit(PortKeys.transport(key));
            cell.names.add(host);
        }
    }

    /** Port number -> its transports ({@link ProbeBlock} bits), from port keys. */
    private static SortedMap<Integer, Integer> transportsByPort(int[] keys) {
        SortedMap<Integer, Integer> out = new TreeMap<>();
        for (int key : keys) {
            out.merge(PortKeys.port(key), ProbeBlock.bit(PortKeys.transport(key)), (a, b) -> a | b);
        }
        return out;
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
    /**
     * Most addresses one target token may cover without {@link Builder#allowHugeRanges}: 2^24, an
     * IPv4 /8 (an IPv6 /104).
     */
    public static final BigInteger HUGE_RANGE = BigInteger.ONE.shiftLeft(24);

    public static final class Builder {
        private final List<AddressInterval> defaultAddresses = new ArrayList<>();
        private final Map<Integer, List<AddressInterval>> addressesByPort = new HashMap<>();
        private final Map<String, HostPorts> hosts = new LinkedHashMap<>();
        private final List<AddressInterval> exclusions = new ArrayList<>();
        private final Set<String> sniNames = new LinkedHashSet<>();
        private String firstTokenWithoutPort;
        private int[] ports = new int[0];
        private String sni;
        private boolean sniMatrix;
        private Long seed;
        private int shardIndex = 0;
        private int shardCount = 1;
        private Transport transport = Transport.TCP;
        private boolean allowHugeRanges;
        private String firstHugeToken;
        private BigInteger firstHugeCount;

        private Builder() {
        }

        /** One token; repeatable. @throws BadInputException naming the token */
        public Builder addTarget(String token) {
            TargetToken parsed = TargetTokenParser.parseTarget(token);
            if (parsed.port() == TargetToken.DEFAULT_PORTS && firstTokenWithoutPort == null) {
                firstTokenWithoutPort = token.strip();
            }
            if (parsed instanceof TargetToken.Addresses a) {
                BigInteger count = a.range().count();
                if (firstHugeToken == null && count.compareTo(HUGE_RANGE) > 0) {
                    firstHugeToken = token.strip();
                    firstHugeCount = count;
                }
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

        /**
         * Ports for tokens given without {@code :port}, as {@link PortKeys} keys (a plain port number
         * is TCP); duplicates are dropped.
         */
        public Builder ports(int[] defaultPorts) {
            TreeSet<Integer> unique = new TreeSet<>();
            for (int key : defaultPorts) {
                if (!PortKeys.valid(key)) {
                    throw new BadInputException("bad port '" + key + "': ports are 1-65535");
                }
                unique.add(key);
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

        /**
         * One more SNI variant ({@code --sni-names}): every address:port is then probed without SNI
         * and with each name, in the order added (duplicates dropped, case-insensitively); a host
         * name target also with its own name. @throws BadInputException naming a bad name
         */
        public Builder sniName(String name) {
            sniNames.add(ServerNames.check(name));
            return this;
        }

        /** How many distinct SNI variants were added. */
        public int sniNameCount() {
            return sniNames.size();
        }

        /** SNI variants from a file: one name per line, {@code #} comments. @throws BadInputException naming file:line */
        public Builder sniNamesFrom(Path file) {
            TokenListReader.read(file, "SNI names", this::sniName);
            return this;
        }

        /**
         * {@code --sni-matrix}: instead of one probe per host name and address, each address some host
         * name resolved to is probed once without SNI and once with every host name that resolved to it.
         */
        public Builder sniMatrix(boolean on) {
            this.sniMatrix = on;
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

        /**
         * {@code UDP} probes every port over UDP (QUIC) instead of the transport it was given with
         * ({@code --quic}); {@code TCP} (the default) keeps each port's own transport.
         */
        public Builder transport(Transport probeTransport) {
            this.transport = java.util.Objects.requireNonNull(probeTransport, "transport");
            return this;
        }

        /**
         * Lets a token cover more than {@link #HUGE_RANGE} addresses ({@code 0.0.0.0/0}, a /4):
         * without it such a token is refused, since one mistyped prefix length would otherwise
         * start a sweep of a large share of the internet.
         */
        public Builder allowHugeRanges(boolean allow) {
            this.allowHugeRanges = allow;
            return this;
        }

        /** @throws BadInputException when a token lacks a port and no default ports were given, or the space is too large */
        public TargetSpec build() {
            if (firstHugeToken != null && !allowHugeRanges) {
                throw new BadInputException("target '" + firstHugeToken + "' covers "
                        + String.format(java.util.Locale.ROOT, "%,d", firstHugeCount)
                        + " addresses, more than a /8 (16,777,216): add --allow-huge-ranges to scan it");
            }
            if (firstTokenWithoutPort != null && ports.length == 0) {
                throw new BadInputException("target '" + firstTokenWithoutPort
                        + "' has no port and no default ports were given");
            }
            int[] keys = Arrays.stream(ports).map(this::transported).distinct().sorted().toArray();
            Map<String, HostPorts> hostPorts = new LinkedHashMap<>();
            hosts.forEach((host, wanted) -> {
                TreeSet<Integer> explicit = new TreeSet<>();
                wanted.explicit().forEach(key -> explicit.add(transported(key)));
                hostPorts.put(host, new HostPorts(wanted.defaults(), explicit));
            });
            Map<Integer, List<AddressInterval>> byKey = new HashMap<>();
            addressesByPort.forEach((key, ranges) ->
                    byKey.computeIfAbsent(transported(key), k -> new ArrayList<>()).addAll(ranges));
            IntervalSet excluded = IntervalSet.union(exclusions);
            IntervalSet defaults = IntervalSet.union(defaultAddresses).minus(excluded);
            BigInteger probes = defaults.count().multiply(BigInteger.valueOf(keys.length));
            SortedMap<Integer, IntervalSet> byPort = new TreeMap<>();
            for (Map.Entry<Integer, List<AddressInterval>> entry : byKey.entrySet()) {
                IntervalSet set = IntervalSet.union(entry.getValue()).minus(excluded);
                if (Arrays.binarySearch(keys, entry.getKey()) >= 0) {
                    set = set.minus(defaults); // already probed on this port as a default
                }
                if (!set.isEmpty()) {
                    byPort.put(entry.getKey(), set);
                    probes = probes.add(set.count());
                }
            }
            checkCap(probes.multiply(BigInteger.valueOf(sniNames.isEmpty() ? 1 : 1 + sniNames.size())));
            return new TargetSpec(this, keys, hostPorts, excluded, defaults, byPort);
        }

        private int transported(int key) {
            return transport == Transport.UDP ? PortKeys.withTransport(key, Transport.UDP) : key;
        }
    }
}
