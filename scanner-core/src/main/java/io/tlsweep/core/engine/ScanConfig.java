package io.tlsweep.core.engine;

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
    private final int ioThreads;
    private final boolean preferNativeTransport;
    private final String clientName;
    private final boolean http;
    private final String userAgent;

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
        this.ioThreads = b.ioThreads;
        this.preferNativeTransport = b.preferNativeTransport;
        this.clientName = b.clientName;
        this.http = b.http;
        this.userAgent = b.userAgent;
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

    public TlsProvider provider() {
        return provider;
    }

    public List<String> alpn() {
        return alpn;
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
     * The web layer ({@code --http}): after a successful handshake on a web endpoint, one
     * {@code GET /} whose response head goes into the record's {@code http}.
     */
    public boolean http() {
        return http;
    }

    /** The {@code User-Agent} of the web layer's request. */
    public String userAgent() {
        return userAgent;
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
        private int ioThreads = Runtime.getRuntime().availableProcessors();
        private boolean preferNativeTransport = true;
        private String clientName = io.tlsweep.core.prelude.PreludeOptions.DEFAULT_CLIENT_NAME;
        private boolean http = false;
        private String userAgent = "tlsweep";

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

        public Builder http(boolean v) {
            this.http = v;
            return this;
        }

        public Builder userAgent(String v) {
            this.userAgent = Objects.requireNonNull(v);
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
