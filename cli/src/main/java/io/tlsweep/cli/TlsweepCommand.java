package io.tlsweep.cli;

import picocli.CommandLine.Command;

@Command(name = "tlsweep",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"High-throughput TLS scanner: for every address x port, what the service speaks, the "
            + "certificate it presents and whether it is right for the name, complete, trusted and in date; "
            + "one NDJSON record per probe on stdout.", ""},
        subcommands = {ScanCommand.class, DemoCommand.class, InspectCommand.class},
        footer = {"", "Examples:",
            "  tlsweep demo",
            "  tlsweep scan 10.0.0.0/24 -p tls",
            "  tlsweep scan example.com:443 mail.example.com -p mail --ca-file corp-root.pem",
            "  tlsweep scan -iL hosts.txt -p 443,8443 --rate 500 -o results.ndjson",
            "  tlsweep inspect --chain fullchain.pem --name www.example.com"})
final class TlsweepCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command: use 'scan', 'demo' or 'inspect'");
    }
}
