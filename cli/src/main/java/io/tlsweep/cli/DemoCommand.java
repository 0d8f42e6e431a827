package io.tlsweep.cli;

import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.engine.ProbePlanner;
import io.tlsweep.core.engine.ScanConfig;
import io.tlsweep.core.lab.DemoLab;
import io.tlsweep.core.lab.LabEndpoint;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.HttpInfo;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.target.Target;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tlsweep demo}: starts the loopback lab, sweeps it like a real scan (NDJSON on stdout,
 * summary on stderr), then says, endpoint by endpoint, whether tlsweep found what the lab was built
 * to show. Exits 1 if it did not: the demo doubles as a smoke test of a fresh build.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "Sweep the built-in loopback lab: a self-test and a tour of what tlsweep reports.",
        description = {"Starts in-process TLS servers on 127.0.0.2-8 with a test PKI made at start-up and "
            + "sweeps them: a good multi-SNI vhost, an expired certificate, a wrong-host certificate, a "
            + "self-signed one, a server that omits its intermediate, plaintext HTTP on a TLS port, a "
            + "closed port, and HTTP/3 over QUIC (UDP) beside the vhost. The vhost also answers HTTP (www over "
            + "h2 with HSTS and Alt-Svc h3, api over HTTP/1.1 with a redirect), and the web layer (--http) is on. "
            + "NDJSON on stdout; on stderr the summary and, endpoint by endpoint, whether "
            + "tlsweep found what the lab was built to show.", ""},
        footer = {"", "Examples:",
            "  tlsweep demo",
            "  tlsweep demo -q | jq -c '{ip, port, sni, status, f: [.findings[].code]}'",
            "  tlsweep demo -o lab.ndjson",
            "",
            "Exit codes:",
            "  0    every endpoint gave the expected result",
            "  1    one did not, or internal error",
            "  141  standard output closed by its reader (e.g. | head)"})
final class DemoCommand implements Callable<Integer> {

    @Option(names = {"-q", "--quiet"}, description = "No summary and no verdict table on stderr.")
    boolean quiet;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write NDJSON to FILE instead of stdout.")
    java.nio.file.Path output;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        try (DemoLab lab = DemoLab.start()) {
            List<LabEndpoint> endpoints = lab.endpoints();
            if (!quiet) {
                err.println("tlsweep demo: lab up, " + endpoints.size() + " probes, trusting the lab's own root CA");
            }
            Map<String, ScanRecord> byKey = new ConcurrentHashMap<>();
            // The web layer is on in the demo: the vhost answers HTTP and shows HSTS and Alt-Svc.
            ScanConfig config = ScanConfig.builder().http(true).userAgent(VersionProvider.userAgent()).build();
            ScanSession session = new ScanSession(config, TrustAnchors.of(List.of(lab.trustAnchor())),
                    ProbePlanner.IMPLICIT_TLS, output, quiet, err);
            List<Target> targets = lab.targets();
            int code = session.run(targets.iterator(), targets.size(), List.of(), "demo lab",
                    r -> byKey.put(key(r.ip(), r.port(), r.transport(), r.sni()), r));
            if (code == ExitCodes.OUTPUT_CLOSED) {
                return code; // stopped early on purpose: the missing records are not the lab's fault
            }
            int mismatches = 0;
            if (!quiet) {
                err.println();
                err.println("What the lab was built to show, and what tlsweep found:");
            }
            for (LabEndpoint e : endpoints) {
                ScanRecord r = byKey.get(key(e.address().getHostAddress(), e.port(), e.transport().wire(), e.sni()));
                String found = r == null ? "no record" : describe(r);
                TreeSet<String> codes = r == null ? new TreeSet<>()
                        : new TreeSet<>(r.findings().stream().map(Finding::code).toList());
                boolean ok = r != null && r.status().wire().equals(e.expectedStatus())
                        && codes.equals(new TreeSet<>(e.expectedFindings())) && webAsBuilt(e, r.http()) && quicAsBuilt(e, r, endpoints);
                if (!ok) {
                    mismatches++;
                }
                if (!quiet) {
                    err.printf("  %-4s %-31s %-28s %s%n", ok ? "ok" : "FAIL", e.name(),
                            e.address().getHostAddress() + ":" + e.port() + "/" + e.transport().wire(), found);
                }
            }
            if (mismatches > 0) {
                err.println("tlsweep demo: " + mismatches + " endpoint(s) did not give the expected result");
                return ExitCodes.INTERNAL;
            }
            return code;
        }
    }

    private static String key(String ip, int port, String transport, String sni) {
        return ip + "|" + port + "/" + transport + "|" + sni;
    }

    /** The web layer found what the endpoint serves, and nothing where it serves no HTTP. */
    /**
     * The lab's HTTP/3 serves the vhost's certificate: when it got the vhost's port number (the usual
     * case; an ephemeral one when that UDP port was taken), the QUIC record must say it is the TCP one.
     */
    static boolean quicAsBuilt(LabEndpoint e, ScanRecord r, List<LabEndpoint> all) {
        if (e.transport() != io.tlsweep.core.target.Transport.UDP) {
            return r.quic() == null;
        }
        boolean besideTcp = all.stream().anyMatch(o -> o.transport() == io.tlsweep.core.target.Transport.TCP
                && o.address().equals(e.address()) && o.port() == e.port());
        Boolean same = r.quic() == null ? null : r.quic().sameCertAsTcp();
        return r.quic() != null && (besideTcp ? Boolean.TRUE.equals(same) : same == null);
    }

    static boolean webAsBuilt(LabEndpoint e, HttpInfo h) {
        LabEndpoint.WebExpectation w = e.expectedHttp();
        if (w == null || h == null) {
            return w == null && h == null;
        }
        return h.error() == null && w.protocol().equals(h.protocol()) && h.status() != null && h.status() == w.status()
                && (h.hsts() != null && h.hsts().maxAge() != null) == w.hsts()
                && (h.altSvc() != null && h.altSvc().h3()) == w.h3();
    }

    private static String describe(ScanRecord r) {
        StringBuilder sb = new StringBuilder(r.status().wire());
        if (r.error() != null) {
            sb.append(" (").append(r.error()).append(')');
        }
        if (!r.findings().isEmpty()) {
            sb.append(' ').append(r.findings().stream().map(Finding::code).toList());
        }
        if (r.quic() != null) {
            sb.append("; ").append(r.quic().version()).append(' ').append(r.tls() == null ? "" : r.tls().alpn());
            if (Boolean.TRUE.equals(r.quic().sameCertAsTcp())) {
                sb.append(", same certificate as TCP");
            }
        }
        HttpInfo h = r.http();
        if (h != null) {
            sb.append("; ").append(h.protocol()).append(' ').append(h.error() != null ? h.error() : h.status());
            if (h.hsts() != null) {
                sb.append(" hsts");
            }
            if (h.altSvc() != null && h.altSvc().h3()) {
                sb.append(" alt-svc h3:").append(h.altSvc().h3Port());
                if (h.altSvc().h3Reachable() != null) {
                    sb.append(h.altSvc().h3Reachable() ? " (answers)" : " (no answer)");
                }
            }
        }
        return sb.toString();
    }
}
