package io.tlsweep.core.sink;

import io.tlsweep.core.result.CertVerdict;
import io.tlsweep.core.result.CertificateInfo;
import io.tlsweep.core.result.ChainReport;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.result.Timings;
import io.tlsweep.core.result.TlsInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random records for property tests: hostile strings (control characters, lone surrogates, line
 * separators, quotes, backslashes, astral characters) in every string field, nulls wherever the
 * type allows them, extreme numbers. Seeded so a failure can be replayed.
 */
final class RandomRecords {

    /** Characters that have broken JSON-lines writers before, mixed into every random string. */
    private static final char[] NASTY = {
        '\n', '\r', '\t', '\u0000', '\u001b', '\u007f', '\u0085', '\u009b', '\u2028', '\u2029', '"', '\\', '/',
        '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uFFFE', '\uFFFF', '\uFEFF', 'é', '中', '\u0301'
    };

    private final Random rnd;

    RandomRecords(long seed) {
        this.rnd = new Random(seed);
    }

    ScanRecord next() {
        Status[] statuses = Status.values();
        Phase[] phases = Phase.values();
        return new ScanRecord(
                Instant.ofEpochMilli(rnd.nextLong(0, 253402300799999L)),
                maybe(this::string), rnd.nextInt(0, 65536), rnd.nextBoolean() ? "tcp" : "udp",
                maybe(this::string), maybe(this::string), statuses[rnd.nextInt(statuses.length)],
                maybe(this::string), rnd.nextBoolean() ? null : phases[rnd.nextInt(phases.length)],
                rnd.nextInt(1, 10), rnd.nextInt(8) == 0 ? null : timings(),
                maybe(() -> new TlsInfo(string(), string(), maybe(this::string), rnd.nextBoolean())),
                maybe(this::string), maybe(this::chain), findings());
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
                strings(), strings(), string(), instant(), instant(), rnd.nextLong(-100_000, 100_000), string(),
                rnd.nextInt(0, 16385), maybe(this::string), string(), string(), string(), rnd.nextBoolean(),
                rnd.nextBoolean(), rnd.nextBoolean());
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
