package io.tlsweep.cli;

import io.tlsweep.core.tls.JdkTlsPolicy;
import picocli.CommandLine;

/** Entry point of the runnable jar: {@code java -jar tlsweep.jar scan 10.0.0.0/24 -p tls}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Before anything can initialise JSSE: --provider jdk must be able to offer TLS 1.0/1.1.
        JdkTlsPolicy.apply();
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new TlsweepCommand());
        cl.setParameterExceptionHandler(new ErrorReporting.ParameterErrors());
        cl.setExecutionExceptionHandler(new ErrorReporting.ExecutionErrors());
        cl.setExitCodeExceptionMapper(new ErrorReporting.ExitCodeMapper());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // picocli would read any "@FILE" argument as more arguments; tlsweep's own "@FILE" values
        // (--sni-names @names.txt) must reach their option unexpanded.
        cl.setExpandAtFiles(false);
        return cl;
    }
}
