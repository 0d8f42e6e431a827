package io.tlsweep.cli;

import io.netty.handler.ssl.OpenSsl;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Version from the build (filtered resource), plus what a bug report needs: JVM and TLS library. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        String tls = OpenSsl.isAvailable() ? OpenSsl.versionString() : "BoringSSL unavailable, JDK JSSE only";
        return new String[] {
            "tlsweep " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
            "TLS: " + tls};
    }

    /** tlsweep's version from the build, or "unknown" when the resource is missing (never throws). */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException | IllegalArgumentException e) {
            return "unknown";
        }
        String v = p.getProperty("version", "unknown").strip();
        // It goes into a User-Agent header: printable ASCII only.
        return !v.isEmpty() && v.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? v : "unknown";
    }

    /** The {@code User-Agent} of the web layer and the ACME checks: {@code tlsweep/<version>}. */
    static String userAgent() {
        return "tlsweep/" + version();
    }
}
