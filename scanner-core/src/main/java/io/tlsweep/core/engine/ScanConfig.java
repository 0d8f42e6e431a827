package io.tlsweep.core.engine;

import io.tlsweep.core.enumerate.EndpointEnumerator;
import io.tlsweep.core.enumerate.EnumLevel;
import io.tlsweep.core.tls.TlsProvider;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Immutable engine settings. Defaults suit a LAN sweep; the CLI maps its options onto the builder.
 *
 * <pre>{@code
 * ScanConfig config = ScanConfig.builder().concurrency(2000).rate(5000).retries(1).build();
 * }</pre>
 */
public final class ScanConfig {

    private final int concurrency;
    private final double rate;
    private final int perHostLimit;
    private final Duration connectTimeout;
    private final Duration handshakeTimeout;
    private final Duration totalTimeout;
    private final int retries;
    private final TlsProvider provider;
    private final List<String> alpn;
    private final List<String> quicAlpn;
    private final int ioThreads;
    private final boolean preferNativeTransport;
    private final String clientName;
    private final boolean acme;
    private final int acmeHttpPort;
    private final int acmeHttpsPort;
    private final boolean http;
    private final String userAgent;
    private final Duration localPressureWait;
    private final EndpointEnumerator enumerator;
    private final EnumLevel enumLevel;
    private final double perHostRate;
    private final boolean jarm;
    private final RecordGrader grader;

    private ScanConfig(Builder b) {
        this.concurrency = b.concurrency;
        this.rate = b.rate;
        this.perHostLimit = b.perHostLimit;
        this.connectTimeout = b.connectTimeout;
        this.handshakeTimeout = b.handshakeTimeout;
        this.totalTimeout = b.totalTimeout;
        this.retries = b.retries;
        this.provider = b.provider;
        this.alpn = List.copyOf(b.alpn);
        this.quicAlpn = List.copyOf(b.quicAlpn);
        this.ioThreads = b.ioThreads;
        this.preferNativeTransport = b.preferNativeTransport;
        this.clientName = b.clientName;
        this.acme = b.acme;
        this.acmeHttpPort = b.acmeHttpPort;
        this.acmeHttpsPort = b.acmeHttpsPort;
        this.http = b.http;
        this.userAgent = b.userAgent;
        this.localPressureWait = b.localPressureWait;
        this.enumerator = b.enumerator;
        this.enumLevel = b.enumLevel;
        this.perHostRate = b.perHostRate;
        this.jarm = b.jarm;
        this.grader = b.grader;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Most probes in flight at once (connecting, handshaking, or being analysed). */
    public int concurrency() {
        return concurrency;
    }

    /** New connections per second; 0 means unlimited. */
    public double rate() {
        return rate;
    }

    /** Most probes in flight to one address at once. */
    public int perHostLimit() {
        return perHostLimit;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** Deadline for a whole attempt, connect to verdict. */
    public Duration totalTimeout() {
        return totalTimeout;
    }

    /** Extra attempts after a timeout (other failures are answers and are not retried). */
    public int retries() {
        return retries;
    }

    /**
     * How long a probe may keep meeting local resource exhaustion (no free descriptor, EMFILE; no
     * free local port, EADDRNOTAVAIL) and be put back, without spending a retry, before its
     * {@code local_error} is reported. Default 2 minutes.
     */
    public Duration localPressureWait() {
        return localPressureWait;
    }

    public TlsProvider provider() {
        return provider;
    }

    public List<String> alpn() {
        return alpn;
    }

    /**
     * ALPN protocols a QUIC probe offers, exactly: {@code h3} by default, never Netty's list with
     * drafts (a server would pick {@code h3-29}); {@code h3-29} alone probes the draft.
     */
    public List<String> quicAlpn() {
        return quicAlpn;
    }

    public int ioThreads() {
        return ioThreads;
    }

    public boolean preferNativeTransport() {
        return preferNativeTransport;
    }

    /** The name tlsweep announces in plaintext preludes (SMTP EHLO). */
    public String clientName() {
        return clientName;
    }

    /**
     * ACME readiness ({@code --acme}): the planner sends the HTTP-01 request to TCP targets on
     * {@link #acmeHttpPort()}, and TCP probes of {@link #acmeHttpsPort()} get a second handshake
     * offering only ALPN {@code acme-tls/1}.
     */
    public boolean acme() {
        return acme;
    }

    /** The port a CA validates HTTP-01 on, and the only one it follows {@code http:} redirects to: 80. */
    public int acmeHttpPort() {
        return acmeHttpPort;
    }

    /** The TLS-ALPN-01 port, and the only one a CA follows {@code https:} redirects to: 443. */
    public int acmeHttpsPort() {
        return acmeHttpsPort;
    }

    /**
     * The web layer ({@code --http}): after a successful handshake on a web endpoint, one
     * {@code GET /} whose response head goes into the record's {@code http}.
     */
    public boolean http() {
        return http;
    }

    /** The User-Agent of tlsweep's HTTP requests (web layer, ACME): {@code tlsweep/<version>}. */
    public String userAgent() {
        return userAgent;
    }

    /**
     * Raw-hello enumeration ({@code --enum}): run after every TCP probe that met a TLS server, or
     * null (the default) for none.
     */
    public EndpointEnumerator enumerator() {
        return enumerator;
    }

    /** The {@code --enum} level, for display (the summary); null without enumeration. */
    public EnumLevel enumLevel() {
        return enumLevel;
    }

    /**
     * New TCP connections per second to one IP address ({@code --per-host-rate}): probe attempts,
     * retries and enumeration hellos alike; 0 (the default) means no per-host rate.
     */
    public double perHostRate() {
        return perHostRate;
    }

    /**
     * JARM in the records ({@code --jarm}): after every TCP probe that met a TLS server in implicit
     * TLS, the endpoint's JARM (ten connections through the rate governor) fills
     * {@code fingerprints.jarm}. Off by default.
     */
    public boolean jarm() {
        return jarm;
    }

    /**
     * The grading seam: computes the record's {@code grade} from a record that has an
     * enumeration, or null (the default) to leave {@code grade} null.
     */
    public RecordGrader grader() {
        return grader;
    }

    public static final class Builder {
        private int concurrency = 1024;
        private double rate = 0;
        private int perHostLimit = 32;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration handshakeTimeout = Duration.ofSeconds(5);
        private Duration totalTimeout = Duration.ofSeconds(15);
        private int retries = 0;
        private TlsProvider provider = TlsProvider.preferred();
        private List<String> alpn = List.of("h2", "http/1.1");
        private List<String> quicAlpn = List.of("h3");
        private int ioThreads = Runtime.getRuntime().availableProcessors();
        private boolean preferNativeTransport = true;
        private String clientName = io.tlsweep.core.prelude.PreludeOptions.DEFAULT_CLIENT_NAME;
        private boolean acme;
        private int acmeHttpPort = 80;
        private int acmeHttpsPort = 443;
        private boolean http = false;
        private String userAgent = "tlsweep";
        private Duration localPressureWait = Duration.ofMinutes(2);
        private EndpointEnumerator enumerator;
        private EnumLevel enumLevel;
        private double perHostRate = 0;
        private boolean jarm;
        private RecordGrader grader;

        public Builder concurrency(int v) {
            this.concurrency = positive(v, "concurrency");
            return this;
        }

        public Builder rate(double v) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("rate must be >= 0, got " + v);
            }
            this.rate = v;
            return this;
        }

        public Builder perHostLimit(int v) {
            this.perHostLimit = positive(v, "per-host limit");
            return this;
        }

        public Builder connectTimeout(Duration v) {
            this.connectTimeout = positive(v, "connect timeout");
            return this;
        }

        public Builder handshakeTimeout(Duration v) {
            this.handshakeTimeout = positive(v, "handshake timeout");
            return this;
        }

        public Builder totalTimeout(Duration v) {
            this.totalTimeout = positive(v, "total timeout");
            return this;
        }

        /** See {@link ScanConfig#localPressureWait()}; zero reports the first {@code local_error} at once. */
        public Builder localPressureWait(Duration v) {
            if (v.isNegative()) {
                throw new IllegalArgumentException("localPressureWait must be >= 0, got " + v);
            }
            this.localPressureWait = v;
            return this;
        }

        public Builder retries(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("retries must be >= 0, got " + v);
            }
            this.retries = v;
            return this;
        }

        public Builder provider(TlsProvider v) {
            this.provider = Objects.requireNonNull(v);
            return this;
        }

        public Builder alpn(List<String> v) {
            this.alpn = List.copyOf(v);
            return this;
        }

        /** At least one protocol: QUIC requires ALPN. */
        public Builder quicAlpn(List<String> v) {
            if (v.isEmpty()) {
                throw new IllegalArgumentException("QUIC needs at least one ALPN protocol");
            }
            this.quicAlpn = List.copyOf(v);
            return this;
        }

        public Builder ioThreads(int v) {
            this.ioThreads = positive(v, "I/O threads");
            return this;
        }

        public Builder preferNativeTransport(boolean v) {
            this.preferNativeTransport = v;
            return this;
        }

        public Builder clientName(String v) {
            this.clientName = Objects.requireNonNull(v);
            return this;
        }

        public Builder acme(boolean v) {
            this.acme = v;
            return this;
        }

        /** The ACME ports, 80 and 443 unless a test points them at ephemeral ports. */
        public Builder acmePorts(int http, int https) {
            if (http < 1 || http > 65535 || https < 1 || https > 65535 || http == https) {
                throw new IllegalArgumentException("ACME ports must be two distinct ports, got " + http + " and " + https);
            }
            this.acmeHttpPort = http;
            this.acmeHttpsPort = https;
            return this;
        }

        public Builder http(boolean v) {
            this.http = v;
            return this;
        }

        public Builder userAgent(String v) {
            if (v.isEmpty() || !v.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("User-Agent must be printable ASCII, got '" + v + "'");
            }
            this.userAgent = v;
            return this;
        }

        /** Enumeration after each TLS probe (see {@link ScanConfig#enumerator()}); null turns it off. */
        public Builder enumerator(EndpointEnumerator e, EnumLevel level) {
            if ((e == null) != (level == null)) {
                throw new IllegalArgumentException("an enumerator needs its level, and a level its enumerator");
            }
            this.enumerator = e;
            this.enumLevel = level;
            return this;
        }

        /** Connections per second to one IP address; 0 turns the per-host rate off. */
        public Builder perHostRate(double v) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("per-host rate must be >= 0, got " + v);
            }
            this.perHostRate = v;
            return this;
        }

        /** See {@link ScanConfig#jarm()}. */
        public Builder jarm(boolean v) {
            this.jarm = v;
            return this;
        }

        /** See {@link ScanConfig#grader()}. */
        public Builder grader(RecordGrader g) {
            this.grader = g;
            return this;
        }

        public ScanConfig build() {
            return new ScanConfig(this);
        }

        private static int positive(int v, String what) {
            if (v < 1) {
                throw new IllegalArgumentException(what + " must be >= 1, got " + v);
            }
            return v;
        }

        private static Duration positive(Duration v, String what) {
            if (v == null || v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException(what + " must be > 0, got " + v);
            }
            return v;
        }
    }
}
