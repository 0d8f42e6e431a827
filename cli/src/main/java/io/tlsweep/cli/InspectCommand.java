package io.tlsweep.cli;

import io.netty.util.NetUtil;
import io.tlsweep.core.BadInputException;
import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.analysis.PemCertificates;
import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.result.ChainReport;
import io.tlsweep.core.result.FindingCode;
import io.tlsweep.core.sink.NdjsonWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import javax.net.ssl.SNIHostName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tlsweep inspect --chain FILE.pem}: the certificate facts, verdicts and findings of a
 * chain on disk, judged exactly as a scan judges a served chain (same analyzer, same JSON objects),
 * without a network connection: for a certificate about to be deployed, or one pulled from a
 * server, a ticket or a backup.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "Judge a PEM certificate chain on disk as a scan judges a served one.",
        description = {"Reads the chain (leaf first, then the intermediates, in the order a server would send "
            + "them) and prints one JSON line: file, name, at, then cert, chain, verdict and findings exactly "
            + "as in a scan record (docs/schema.md). Without --name no name is checked: name_checked is null, "
            + "hostname_match false and there is no name_mismatch finding.", ""},
        footer = {"", "Examples:",
            "  tlsweep inspect --chain fullchain.pem --name www.example.com",
            "  tlsweep inspect --chain fullchain.pem --name www.example.com --at 2027-03-01 | jq '.findings[].code'",
            "  tlsweep inspect --chain chain.pem --ca-file corp-root.pem",
            "",
            "Exit codes:",
            "  0    the chain was judged (whatever the findings)",
            "  1    internal error",
            "  2    bad usage or input (no such file, no certificate in it, a bad --at or --name)"})
final class InspectCommand implements Callable<Integer> {

    @Option(names = "--chain", required = true, paramLabel = "PEM",
            description = "The chain as a server would send it: leaf first, then intermediates (PEM blocks; "
                + "other blocks such as keys are skipped).")
    Path chainFile;

    @Option(names = "--name", paramLabel = "HOST",
            description = "The DNS name (or IP address) the certificate must be valid for.")
    String name;

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "Trust these roots instead of the JDK's (as for scan).")
    Path caFile;

    @Option(names = "--at", paramLabel = "TIME", converter = InstantConverter.class,
            description = "Judge validity at this moment instead of now: 2027-03-01, 2027-03-01T12:00:00Z, "
                + "or with an offset.")
    Instant at;

    @Override
    public Integer call() {
        if (name != null) {
            name = checkedName(name);
        }
        List<X509Certificate> chain = PemCertificates.read(chainFile, "chain file");
        TrustAnchors anchors = caFile != null ? TrustAnchors.fromPemFile(caFile) : TrustAnchors.jdkDefaults();
        Instant when = at != null ? at : Instant.now();
        ChainReport report = CertificateAnalyzer.uncached(anchors).analyze(chain, name, null, when);
        if (name == null) {
            // Nothing was asked about names: a mismatch against "no name" is noise, not a finding.
            report = new ChainReport(report.leaf(), report.chain(), report.verdict(), report.findings().stream()
                    .filter(f -> !FindingCode.NAME_MISMATCH.wire().equals(f.code())).toList());
        }
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        out.print(new NdjsonWriter().inspectLine(chainFile.toString(), name, when, report));
        out.flush();
        return out.checkError() ? ExitCodes.OUTPUT_CLOSED : ExitCodes.OK;
    }

    /** A DNS host name or an IP literal (a certificate can name either); anything else is bad input. */
    static String checkedName(String value) {
        String n = value.strip();
        if (NetUtil.isValidIpV4Address(n) || NetUtil.isValidIpV6Address(n)) {
            return n;
        }
        try {
            new SNIHostName(n);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("bad --name '" + value + "': not a host name or IP address");
        }
        return n;
    }
}
