package io.tlsweep.cli;

import io.netty.util.NetUtil;
import io.tlsweep.core.BadInputException;
import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.engine.ScanConfig;
import io.tlsweep.core.enumerate.EnumLevel;
import io.tlsweep.core.enumerate.Enumerator;
import io.tlsweep.core.grade.Grader;
import io.tlsweep.core.target.TargetSpec;
import io.tlsweep.core.target.Transport;
import io.tlsweep.core.tls.TlsProvider;
import io.tlsweep.protocols.PortListParser;
import io.tlsweep.protocols.Protocols;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import javax.net.ssl.SNIHostName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "scan",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        // Paragraphs are single strings: picocli wraps them to the help width. Pre-broken lines got
        // wrapped again mid-sentence. Examples are kept under 80 columns so they copy-paste whole.
        header = "Probe every target x port with a TLS handshake; one NDJSON record per probe.",
        description = {"Targets: IPv4/IPv6 addresses, CIDRs, ranges (10.0.0.1-10.0.0.50, 192.0.2.1-50), "
            + "hostnames (every A/AAAA record is probed with the hostname as SNI), host:port, [v6]:port, "
            + "'-' for stdin.", ""},
        footer = {"", "Port sets: tls, web, mail, messaging, directory, db, devops (see docs/ports.md).", "",
            "Examples:",
            "  tlsweep scan 192.0.2.0/24 -p tls",
            "  tlsweep scan example.com mail.example.com:465 -p 443,993 --ca-file ca.pem",
            "  tlsweep scan -iL hosts.txt -p web --rate 200 --shard 1/4 --seed 7 -o 1.ndjson",
            "  tlsweep scan 10.0.0.0/8 -p 443 --exclude 10.1.0.0/16 --dry-run | head",
            "  tlsweep scan 10.0.0.0/16 -p 443 -q \\",
            "    | jq -r 'select(.status==\"success\") | [.ip, .cert.not_after] | @tsv'",
            "",
            "Exit codes:",
            "  0    the scan finished (whatever the endpoints answered)",
            "  1    internal error, or the -o file could not be written",
            "  2    bad usage or input (one line on stderr names it)",
            "  130  interrupted (records of finished probes are written)",
            "  141  standard output closed by its reader (e.g. | head)"})
final class ScanCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TARGET", arity = "0..*", description = "Targets to scan ('-' reads them from stdin).")
    List<String> targets = new ArrayList<>();

    @Option(names = {"-iL", "--input-file"}, paramLabel = "FILE",
            description = "Read targets from FILE ('-' for stdin), one per line, '#' comments.")
    List<Path> inputFiles = new ArrayList<>();

    /** The port list without {@code -p}; {@code --acme} adds 80 to it. */
    static final String DEFAULT_PORTS = "443";
    static final String DEFAULT_PORTS_ACME = "80,443";

    @Option(names = {"-p", "--ports"}, paramLabel = "PORTS",
            description = "Ports: list, ranges and sets, e.g. 443,8443,8000-8100,mail; a port's transport as "
                    + "443/udp or U:443 (TCP by default; sets are TCP) (default: 443; 80,443 with --acme).")
    String ports;

    @Option(names = "--quic", description = "Probe every port over UDP (QUIC) instead of TCP: -p 443 --quic is "
            + "-p 443/udp.")
    boolean quic;

    @Option(names = "--exclude", paramLabel = "CIDR", split = ",",
            description = "Never probe these addresses, CIDRs or ranges.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--exclude-file", paramLabel = "FILE", description = "Exclusions from FILE, one per line.")
    List<Path> excludeFiles = new ArrayList<>();

    @Option(names = "--sni", paramLabel = "NAME",
            description = "Send this SNI to every target (default: the hostname, none for bare addresses).")
    String sni;

    @Option(names = "--sni-names", paramLabel = "NAMES|@FILE",
            description = "Probe every address:port without SNI and with each of these names (comma-separated, "
                    + "or one per line in FILE); the no-SNI record gets the sni_matrix.")
    String sniNames;

    @Option(names = "--sni-matrix", description = "Probe each address the hostname targets resolved to without SNI "
            + "and with every hostname that resolved to it (one group per address:port).")
    boolean sniMatrix;

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "Trust these CA certificates instead of the JDK's default roots.")
    Path caFile;

    @Option(names = "--alpn", paramLabel = "LIST", defaultValue = "h2,http/1.1",
            description = "ALPN protocols to offer, comma-separated, or 'none' (default: ${DEFAULT-VALUE}).")
    String alpn;

    @Option(names = "--quic-alpn", paramLabel = "LIST", defaultValue = "h3",
            description = "ALPN protocols a QUIC (UDP) probe offers, comma-separated (default: ${DEFAULT-VALUE}; "
                    + "e.g. h3-29 to probe the draft on its own).")
    String quicAlpn;

    @Option(names = "--starttls", paramLabel = "MODE", defaultValue = "auto",
            description = {"How to reach TLS: auto (the port catalogue picks the dialect: SMTP on 25/587,",
                "IMAP on 143, ...), none (ClientHello first everywhere), or a dialect forced on every",
                "port (smtp, imap, pop3, ftp, ldap, postgres, mysql, xmpp, ...). Default: ${DEFAULT-VALUE}."})
    String starttls;

    @Option(names = "--detect", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Mode detection (default on): a port that answers in the other mode (a plaintext "
                    + "banner on 465, silence on 587) gets one attempt in that mode.")
    boolean detect;

    @Option(names = "--http", description = "After a successful handshake on a web endpoint (ALPN h2 or "
            + "http/1.1, or a port of the web set), send one GET / and record status, Server, Location, HSTS "
            + "and Alt-Svc in 'http' (docs/web.md). Off by default.")
    boolean http;

    @Option(names = "--enum", paramLabel = "LEVEL",
            description = {"After each TCP probe that meets a TLS server, enumerate the endpoint with raw",
                "ClientHellos (also after STARTTLS): fast (versions, weak suites, preference, about ten",
                "hellos) or full (every suite and group). Fills 'enum' and 'grade' (docs/enumeration.md).",
                "Off by default; turns --per-host-rate on."})
    String enumLevel;

    @Option(names = "--jarm",
            description = {"After each TCP probe that meets a TLS server in implicit TLS, take the endpoint's",
                "JARM (ten connections, SNI the probe's name or the IP) into 'fingerprints.jarm'",
                "(docs/fingerprints.md); none after STARTTLS. Off by default; turns --per-host-rate on."})
    boolean jarm;

    @Option(names = "--per-host-rate", paramLabel = "R",
            description = {"Most new TCP connections per second to one address: probe attempts, retries,",
                "enumeration hellos and JARM probes alike; 0 for no limit. Default: 20 with --enum or",
                "--jarm, else 0."})
    Double perHostRate;

    @Option(names = "--ehlo", paramLabel = "NAME", defaultValue = "tlsweep.invalid",
            description = "Name tlsweep announces in plaintext preludes (SMTP EHLO). Default: ${DEFAULT-VALUE}.")
    String ehlo;

    @Option(names = "--acme",
            description = "ACME readiness: port 80 gets a CA's HTTP-01 request (random token) instead of a "
                    + "handshake, redirects followed as Let's Encrypt does; TCP 443 gets a second handshake "
                    + "offering only ALPN acme-tls/1 (TLS-ALPN-01). Adds 80 to the default ports.")
    boolean acme;

    @Option(names = "--provider", paramLabel = "NAME",
            description = "TLS implementation: ${COMPLETION-CANDIDATES} (default: boringssl when it loads).")
    TlsProvider provider;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "1024",
            description = "Most probes in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
            description = "Most new connections per second, 0 for no limit (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--per-host", paramLabel = "N", defaultValue = "32",
            description = "Most probes in flight to one address (default: ${DEFAULT-VALUE}).")
    int perHost;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class, description = "TCP connect timeout (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--handshake-timeout", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class, description = "TLS handshake timeout (default: ${DEFAULT-VALUE}).")
    Duration handshakeTimeout;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15s",
            converter = DurationConverter.class, description = "Deadline per attempt (default: ${DEFAULT-VALUE}).")
    Duration totalTimeout;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "0",
            description = "Extra attempts after a timeout (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the probe order (default: random; printed in the summary).")
    Long seed;

    @Option(names = "--shard", paramLabel = "I/N", description = "Scan only part I of N (0-based), e.g. 0/4.")
    String shard;

    @Option(names = "--allow-huge-ranges", description = "Accept a target that covers more than a /8 (16,777,216 "
            + "addresses), e.g. 0.0.0.0/0; refused without it.")
    boolean allowHugeRanges;

    @Option(names = "--dry-run", description = "Print the targets in probe order and exit without connecting.")
    boolean dryRun;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write NDJSON to FILE instead of stdout.")
    Path output;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "Checkpoint into FILE; when FILE holds a checkpoint of the same scan, continue it: the -o "
                    + "file is cut back to the checkpoint and only the rest is probed (no duplicate, no gap). "
                    + "Needs -o.")
    Path resume;

    @Option(names = "--checkpoint-every", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How often --resume writes its checkpoint during the scan (default: ${DEFAULT-VALUE}).")
    Duration checkpointEvery;

    @Option(names = {"-q", "--quiet"}, description = "No progress line and no summary on stderr.")
    boolean quiet;

    @Option(names = "--no-native", description = "Use Java NIO instead of native epoll.")
    boolean noNative;

    @Override
    public Integer call() throws Exception {
        ScanConfig config = scanConfig();
        Resume checkpoint = resume == null ? null
                : Resume.open(resume, output, dryRun, seed, modeOptions(config), checkpointEvery);
        TargetSpec spec = targetSpec(checkpoint == null ? null : checkpoint.seed());
        TrustAnchors anchors = caFile != null ? TrustAnchors.fromPemFile(caFile) : TrustAnchors.jdkDefaults();
        ScanSession session = new ScanSession(config, anchors,
                Protocols.planner(starttls, detect, acme ? config.acmeHttpPort() : 0), output, quiet);
        if (dryRun) {
            return session.dryRun(spec);
        }
        return checkpoint == null ? session.scan(spec) : session.scan(spec, checkpoint);
    }

    /**
     * The options that change what a probe does or how its record reads, for the fingerprint of a
     * {@code --resume} checkpoint: a resumed scan must not mix records made two ways. Rate,
     * concurrency, per-host cap, timeouts and retries are left out: they may change between runs.
     */
    private String modeOptions(ScanConfig config) {
        String ca = "jdk";
        if (caFile != null) {
            try {
                ca = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(java.nio.file.Files.readAllBytes(caFile)));
            } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
                ca = "unreadable"; // TrustAnchors.fromPemFile reports it as bad input right after
            }
        }
        return "starttls " + starttls.toLowerCase(java.util.Locale.ROOT) + "\ndetect " + detect + "\nacme " + acme
                + "\nhttp " + http + "\nalpn " + config.alpn() + "\nquic-alpn " + config.quicAlpn()
                + "\nehlo " + config.clientName() + "\nprovider " + config.provider() + "\nca " + ca + "\n"
                // only with --enum, so checkpoints written before the option still resume
                + (config.enumLevel() == null ? "" : "enum " + config.enumLevel().wire() + "\n")
                + (config.jarm() ? "jarm true\n" : ""); // likewise only with --jarm
    }

    /** The {@code --enum} value: fast or full (any case); anything else is bad input naming it. */
    static EnumLevel enumLevel(String value) {
        for (EnumLevel level : EnumLevel.values()) {
            if (level.wire().equalsIgnoreCase(value.trim())) {
                return level;
            }
        }
        throw new BadInputException("bad --enum '" + value + "': use fast or full");
    }

    /**
     * The per-host connection rate: the value given, else {@link #DEFAULT_ENUM_PER_HOST_RATE} with
     * {@code --enum} or {@code --jarm} (enumerating or fingerprinting a /24 must not hammer one
     * server), else 0 (off).
     */
    static double perHostRate(Double given, EnumLevel level, boolean jarm) {
        if (given != null) {
            if (!(given >= 0) || Double.isInfinite(given)) {
                throw new BadInputException("bad --per-host-rate " + given + ": must be >= 0 (0 = no limit)");
            }
            return given;
        }
        return level == null && !jarm ? 0 : DEFAULT_ENUM_PER_HOST_RATE;
    }

    /**
     * Connections per second to one address when {@code --enum} or {@code --jarm} is on and
     * {@code --per-host-rate} is not given.
     */
    static final double DEFAULT_ENUM_PER_HOST_RATE = 20;

    /** @param checkpointSeed the seed of a {@code --resume} checkpoint, or null */
    private TargetSpec targetSpec(Long checkpointSeed) {
        int[] portList = PortListParser.parse(ports != null ? ports : acme ? DEFAULT_PORTS_ACME : DEFAULT_PORTS);
        TargetSpec.Builder b = TargetSpec.builder().ports(portList);
        boolean stdinUsed = false;
        for (String t : targets) {
            if (t.equals("-")) {
                stdinUsed = stdin(b, stdinUsed);
            } else {
                b.addTarget(t);
            }
        }
        for (Path p : inputFiles) {
            if (p.toString().equals("-")) {
                stdinUsed = stdin(b, stdinUsed);
            } else {
                b.addTargetsFrom(p);
            }
        }
        if (targets.isEmpty() && inputFiles.isEmpty()) {
            throw new BadInputException("no targets: give addresses, CIDRs or hostnames, -iL FILE, or '-' for stdin");
        }
        excludes.forEach(b::exclude);
        excludeFiles.forEach(b::excludeFrom);
        if (sni != null && (sniNames != null || sniMatrix)) {
            throw new BadInputException("contradictory options: --sni sends one name to every probe, --sni-names and "
                    + "--sni-matrix probe each address with several");
        }
        if (sni != null) {
            b.sni(serverName(sni));
        }
        if (sniNames != null) {
            addSniNames(b, sniNames);
        }
        b.sniMatrix(sniMatrix);
        if (quic) {
            b.transport(Transport.UDP);
        }
        b.allowHugeRanges(allowHugeRanges);
        if (checkpointSeed != null) {
            b.seed(checkpointSeed); // Resume.open refused a different --seed
        } else if (seed != null) {
            b.seed(seed);
        }
        if (shard != null) {
            int[] s = parseShard(shard);
            b.shard(s[0], s[1]);
        }
        return b.build();
    }

    /** {@code a,b,c} or {@code @FILE} (one name per line, {@code #} comments). */
    static void addSniNames(TargetSpec.Builder b, String value) {
        if (value.startsWith("@")) {
            b.sniNamesFrom(Path.of(value.substring(1)));
        } else {
            for (String name : value.split(",", -1)) {
                if (name.isBlank()) {
                    throw new BadInputException("bad --sni-names '" + value + "': empty name");
                }
                b.sniName(name);
            }
        }
        if (b.sniNameCount() == 0) {
            throw new BadInputException("bad --sni-names '" + value + "': no names");
        }
    }

    private static boolean stdin(TargetSpec.Builder b, boolean alreadyUsed) {
        if (alreadyUsed) {
            throw new BadInputException("stdin ('-') can be read only once");
        }
        b.addTargetsFrom(System.in, "stdin");
        return true;
    }

    static int[] parseShard(String value) {
        String[] parts = value.split("/", -1);
        try {
            if (parts.length == 2) {
                int i = Integer.parseInt(parts[0].trim());
                int n = Integer.parseInt(parts[1].trim());
                if (n >= 1 && i >= 0 && i < n) {
                    return new int[] {i, n};
                }
            }
        } catch (NumberFormatException e) {
            // fall through to the one message below
        }
        throw new BadInputException("bad shard '" + value + "': use I/N with 0 <= I < N, e.g. 0/4");
    }

    private ScanConfig scanConfig() {
        if (concurrency < 1) {
            throw new BadInputException("bad --concurrency " + concurrency + ": must be >= 1");
        }
        if (perHost < 1) {
            throw new BadInputException("bad --per-host " + perHost + ": must be >= 1");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new BadInputException("bad --rate " + rate + ": must be >= 0 (0 = no limit)");
        }
        if (retries < 0 || retries > 10) {
            throw new BadInputException("bad --retries " + retries + ": must be 0-10");
        }
        long fdLimit = FileDescriptorLimit.softLimit();
        int inFlight = FileDescriptorLimit.clamp(concurrency, fdLimit);
        if (inFlight < concurrency) {
            System.err.println("tlsweep: --concurrency " + concurrency + " needs more sockets than the open-file limit ("
                    + fdLimit + ") allows; using " + inFlight + " (raise it with 'ulimit -n')");
        }
        ScanConfig.Builder b = ScanConfig.builder()
                .concurrency(inFlight).rate(rate).perHostLimit(perHost)
                .connectTimeout(connectTimeout).handshakeTimeout(handshakeTimeout).totalTimeout(totalTimeout)
                .retries(retries).alpn(alpnList(alpn)).quicAlpn(quicAlpnList(quicAlpn))
                .preferNativeTransport(!noNative)
                .clientName(ehloName(ehlo))
                .http(http).acme(acme).userAgent(VersionProvider.userAgent());
        EnumLevel level = enumLevel == null ? null : enumLevel(enumLevel);
        b.perHostRate(perHostRate(perHostRate, level, jarm)).jarm(jarm);
        if (level != null) {
            b.enumerator(new Enumerator(level), level);
            // Loaded here, before any connection, so a broken rubric stops the scan at once.
            Grader grader = Grader.standard();
            b.grader(record -> grader.grade(record.enumeration(), record.findings(), record.certs()));
        }
        if (provider != null) {
            String why = provider.unavailableReason();
            if (why != null) {
                throw new BadInputException("--provider " + provider.name().toLowerCase() + ": " + why);
            }
            b.provider(provider);
        }
        return b.build();
    }

    /**
     * The {@code --sni} value, checked here because the engine builds its {@link SNIHostName} per
     * connection: a bad name would otherwise fail every probe with a stack trace instead of one line.
     * RFC 6066 allows only DNS host names, not IP literals; blank is rejected rather than read as "no
     * SNI" because it is usually an unset shell variable.
     */
    static String serverName(String value) {
        String name = value.strip();
        if (name.isEmpty()) {
            throw new BadInputException("bad --sni '" + value + "': empty (omit --sni to send none)");
        }
        if (NetUtil.isValidIpV4Address(name) || NetUtil.isValidIpV6Address(name)) {
            throw new BadInputException("bad --sni '" + value + "': SNI must be a host name, not an IP address");
        }
        try {
            new SNIHostName(name);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("bad --sni '" + value + "': not a valid host name ("
                    + ErrorReporting.oneLine(e.getMessage()) + ")");
        }
        return name;
    }

    /**
     * {@code none} offers no ALPN. An empty value is an error rather than a synonym for {@code none}:
     * it usually comes from an unset variable ({@code --alpn "$ALPN"}), and silently dropping ALPN
     * changes what servers answer.
     */
    /** An EHLO argument is a domain or an address literal: letters, digits, dots, dashes, brackets, colons. */
    static String ehloName(String value) {
        if (value.isEmpty() || value.length() > 255 || !value.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
            throw new BadInputException("bad --ehlo '" + value + "': use a domain name or an address literal like [192.0.2.1]");
        }
        return value;
    }

    /** Like {@code --alpn}, but QUIC cannot go without ALPN (RFC 9001 section 8.1): no 'none'. */
    static List<String> quicAlpnList(String value) {
        if (value.isBlank() || value.strip().equalsIgnoreCase("none")) {
            throw new BadInputException("bad --quic-alpn '" + value + "': QUIC needs at least one ALPN protocol, e.g. h3");
        }
        return alpnList(value);
    }

    static List<String> alpnList(String value) {
        if (value.isBlank()) {
            throw new BadInputException("bad --alpn '" + value + "': empty (use 'none' to offer no ALPN)");
        }
        if (value.strip().equalsIgnoreCase("none")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String p : Arrays.asList(value.split(",", -1))) {
            String t = p.trim();
            if (t.isEmpty() || t.length() > 255 || !t.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new BadInputException("bad ALPN protocol '" + p + "' in '" + value + "'");
            }
            out.add(t);
        }
        return out;
    }
}
