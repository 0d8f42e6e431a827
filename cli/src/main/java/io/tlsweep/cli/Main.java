package io.tlsweep.cli;

import io.netty.util.ResourceLeakDetector;
import io.tlsweep.core.tls.JdkTlsPolicy;
import picocli.CommandLine;

/** Entry point of the runnable jar: {@code java -jar tlsweep.jar scan 10.0.0.0/24 -p tls}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Before anything can initialise JSSE: --provider jdk must be able to offer TLS 1.0/1.1.
        JdkTlsPolicy.apply();
        quietNettyLeakDetection();
        // The time-zone rules are loaded lazily from a file by the first log line with a time in it;
        // when the descriptors have run out (EMFILE) that load fails, and the warning kills its thread.
        java.time.ZonedDateTime.now();
        System.exit(run(args));
    }

    /**
     * Netty's leak detector, on by default, records a stack trace for one buffer in 128: a few
     * per hundred handshakes, measurable in a sweep's CPU (docs/performance.md). Off in the
     * released program unless asked for ({@code -Dio.netty.leakDetection.level=...}); the tests
     * keep it on, which is where a leak would be found.
     */
    private static void quietNettyLeakDetection() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
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
