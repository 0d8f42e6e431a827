package io.tlsweep.core.sink;

import io.tlsweep.core.result.AcmeInfo;
import io.tlsweep.core.result.CertVerdict;
import io.tlsweep.core.result.CertificateInfo;
import io.tlsweep.core.result.ChainReport;
import io.tlsweep.core.result.EnumerationInfo;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.Grade;
import io.tlsweep.core.result.HttpInfo;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.core.result.QuicInfo;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Fingerprints;
import io.tlsweep.core.result.SniMatrix;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.result.Timings;
import io.tlsweep.core.result.TlsExtensionSupport;
import io.tlsweep.core.result.TlsInfo;
import io.tlsweep.core.result.VersionEnumeration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random records for property tests: hostile strings (control characters, lone surrogates, line
 * separators, quotes, backslashes, astral characters), nulls wherever the type allows them,
 * extreme numbers. Seeded so a failure can be replayed.
 *
 * <p>Two modes. {@link #hostile} puts random text in every string field, to prove that nothing can
 * break a line. {@link #withinContract} keeps the fields that tlsweep itself computes (transport,
 * hashes, serial) in their documented shape, so the line must also validate against
 * docs/schema.json; server-supplied text (names, errors, banners) stays hostile.
 */
final class RandomRecords {

    /** Characters that have broken JSON-lines writers before, mixed into every random string. */
    private static final char[] NASTY = {
        '\n', '\r', '\t', '\u0000', '\u001b', '\u007f', '\u0085', '\u009b', '\u2028', '\u2029', '"', '\\', '/',
        '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uFFFE', '\uFFFF', '\uFEFF', 'é', '中', '\u0301'
    };

    private final Random rnd;
    private final boolean contract;

    private RandomRecords(long seed, boolean contract) {
        this.rnd = new Random(seed);
        this.contract = contract;
    }

    static RandomRecords hostile(long seed) {
        return new RandomRecords(seed, false);
    }

    static RandomRecords withinContract(long seed) {
        return new RandomRecords(seed, true);
    }

    ScanRecord next() {
        Status[] statuses = Status.values();
        Phase[] phases = Phase.values();
        return new ScanRecord(
                Instant.ofEpochMilli(rnd.nextLong(0, 253402300799999L)),
                maybe(this::string), rnd.nextInt(0, 65536),
                contract ? (rnd.nextBoolean() ? "tcp" : "udp") : string(),
                maybe(this::string), maybe(this::string), statuses[rnd.nextInt(statuses.length)],
                maybe(this::string), rnd.nextBoolean() ? null : phases[rnd.nextInt(phases.length)],
                rnd.nextInt(1, 10), rnd.nextInt(8) == 0 ? null : timings(),
                maybe(() -> new TlsInfo(string(), string(), maybe(this::string), rnd.nextBoolean())),
                maybe(this::string), maybe(this::chain), findings(),
                maybe(this::string), contract ? MODES[rnd.nextInt(MODES.length)] : string(),
                maybe(() -> new PreludeInfo(string(), maybe(this::string),
                        rnd.nextInt(3) == 0 ? null : rnd.nextBoolean(), maybe(this::string), maybe(this::string),
                        rnd.nextBoolean())),
                maybe(this::string), maybe(this::quic), maybe(this::http), maybe(this::acme), maybe(this::matrix),
                maybe(this::fingerprints), maybe(this::enumeration), maybe(this::grade));
    }

    private EnumerationInfo enumeration() {
        List<VersionEnumeration> per = new ArrayList<>();
        for (int i = rnd.nextInt(0, 4); i > 0; i--) {
            per.add(new VersionEnumeration(string(), strings(), rnd.nextBoolean(), maybeBool(), maybe(this::string),
                    strings(), maybe(() -> rnd.nextInt(0, 16385))));
        }
        return new EnumerationInfo(contract ? (rnd.nextBoolean() ? "fast" : "full") : string(), rnd.nextInt(0, 500),
                rnd.nextBoolean(), strings(), per, maybe(() -> new TlsExtensionSupport(maybeBool(), maybeBool(),
                maybeBool(), maybeBool(), maybeBool(), maybeBool(), maybeBool())));
    }

    private Grade grade() {
        List<Grade.GradeRule> rules = new ArrayList<>();
        for (int i = rnd.nextInt(0, 4); i > 0; i--) {
            rules.add(new Grade.GradeRule(string(), string(), string()));
        }
        String[] letters = {"A+", "A", "B", "C", "D", "E", "F", "T"};
        return new Grade(contract ? letters[rnd.nextInt(letters.length)] : string(), rnd.nextInt(0, 101), rules);
    }

    private static final String[] MODES = {"implicit", "starttls", "quic", "none"};

    private QuicInfo quic() {
        return new QuicInfo(maybe(this::string), maybe(this::strings), maybe(this::count), maybe(this::count),
                maybe(this::count), maybe(this::count), maybe(this::count), maybe(this::string), maybeBool());
    }

    private HttpInfo http() {
        String[] protocols = {"h2", "http/1.1", "h3"};
        return new HttpInfo(contract ? protocols[rnd.nextInt(3)] : string(), maybe(this::statusCode),
                maybe(this::string), maybe(this::string),
                maybe(() -> new HttpInfo.Hsts(maybe(this::count), rnd.nextBoolean(), rnd.nextBoolean(), string())),
                maybe(() -> new HttpInfo.AltSvc(string(), rnd.nextBoolean(), maybe(() -> rnd.nextInt(1, 65536)),
                        maybeBool())),
                maybe(this::string));
    }

    private AcmeInfo acme() {
        String[] results = {"ready", "redirect_ok", "redirect_broken", "blocked", "error"};
        return new AcmeInfo(
                maybe(() -> new AcmeInfo.Http01(contract ? results[rnd.nextInt(results.length)] : string(),
                        maybe(this::statusCode), maybe(this::string), maybe(this::string))),
                maybe(() -> new AcmeInfo.TlsAlpn01(rnd.nextBoolean(), maybe(this::string))));
    }

    private Fingerprints fingerprints() {
        if (rnd.nextInt(4) == 0) { // a JARM without a ServerHello (an alert before it)
            return new Fingerprints(null, null, null, contract ? hex(62) : string());
        }
        return new Fingerprints(contract ? hex(32) : string(), string(), string(),
                maybe(() -> contract ? hex(62) : string()));
    }

    private SniMatrix matrix() {
        List<SniMatrix.NameResult> names = new ArrayList<>();
        List<SniMatrix.ServedCert> certs = new ArrayList<>();
        for (int i = rnd.nextInt(0, 4); i > 0; i--) {
            names.add(new SniMatrix.NameResult(string(), string(), maybe(() -> hex(64))));
            certs.add(new SniMatrix.ServedCert(hex(64), maybe(this::string), strings(), rnd.nextBoolean(),
                    strings()));
        }
        return new SniMatrix(maybe(() -> hex(64)), rnd.nextBoolean(), names, certs);
    }

    private Long count() {
        return rnd.nextBoolean() ? rnd.nextLong(0, 1L << 62) : (long) rnd.nextInt(0, 100_000);
    }

    private Integer statusCode() {
        return rnd.nextInt(100, 1000);
    }

    private Boolean maybeBool() {
        return rnd.nextInt(3) == 0 ? null : rnd.nextBoolean();
    }

    String string() {
        int len = rnd.nextInt(0, 40);
        StringBuilder b = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            switch (rnd.nextInt(4)) {
                case 0 -> b.append(NASTY[rnd.nextInt(NASTY.length)]);
                case 1 -> b.append((char) rnd.nextInt(0, 0x10000));   // any UTF-16 unit, surrogates included
                case 2 -> b.appendCodePoint(rnd.nextInt(0x10000, 0x110000));
                default -> b.append((char) rnd.nextInt(0x20, 0x7F));
            }
        }
        return b.toString();
    }

    private Timings timings() {
        return new Timings(maybe(this::millis), maybe(this::millis), maybe(this::millis));
    }

    private Double millis() {
        return switch (rnd.nextInt(6)) {
            case 0 -> 0.0;
            case 1 -> rnd.nextDouble() * 1e-3;        // rounds to 0 or 0.001
            case 2 -> rnd.nextDouble() * 1e9;         // days: must stay plain notation
            default -> rnd.nextDouble() * 10_000;
        };
    }

    private ChainReport chain() {
        List<CertificateInfo> rest = new ArrayList<>();
        int n = rnd.nextInt(0, 4);
        for (int i = 0; i < n; i++) {
            rest.add(cert());
        }
        return new ChainReport(cert(), rest, maybe(() -> new CertVerdict(string(), rnd.nextBoolean(),
                rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextBoolean(),
                rnd.nextBoolean())), List.of());
    }

    private CertificateInfo cert() {
        return new CertificateInfo(string(), maybe(this::string), string(), maybe(this::string), strings(),
                strings(), strings(), contract ? serial() : string(), instant(), instant(), rnd.nextLong(-100_000, 100_000),
                string(), rnd.nextInt(0, 16385), maybe(this::string), string(), contract ? hex(64) : string(),
                contract ? hex(40) : string(), rnd.nextBoolean(),
                rnd.nextBoolean(), rnd.nextBoolean());
    }

    /** Lowercase hex without leading zeros, as CertificateInfo.serial promises. */
    private String serial() {
        String h = hex(rnd.nextInt(1, 41)).replaceFirst("^0+", "");
        return h.isEmpty() ? "0" : h;
    }

    private String hex(int digits) {
        StringBuilder b = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            b.append(Character.forDigit(rnd.nextInt(16), 16));
        }
        return b.toString();
    }

    private Instant instant() {
        // X.509 GeneralizedTime stops at 9999; keep within what a certificate can say
        return Instant.ofEpochSecond(rnd.nextLong(-2208988800L, 253402300799L));
    }

    private List<String> strings() {
        List<String> out = new ArrayList<>();
        int n = rnd.nextInt(0, 4);
        for (int i = 0; i < n; i++) {
            out.add(string());
        }
        return out;
    }

    private List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        int n = rnd.nextInt(0, 3);
        for (int i = 0; i < n; i++) {
            out.add(new Finding(string(), string()));
        }
        return out;
    }

    private <T> T maybe(java.util.function.Supplier<T> s) {
        return rnd.nextInt(4) == 0 ? null : s.get();
    }
}
