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
        Properties p = properties();
        String tls = OpenSsl.isAvailable() ? OpenSsl.versionString() : "BoringSSL unavailable, JDK JSSE only";
        return new String[] {
            "tlsweep " + p.getProperty("version", "unknown"),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
            "TLS: " + tls};
    }

    /** The web layer's {@code User-Agent}: {@code tlsweep/<version>}. */
    static String userAgent() {
        try {
            return "tlsweep/" + properties().getProperty("version", "unknown");
        } catch (IOException e) {
            return "tlsweep/unknown";
        }
    }

    private static Properties properties() throws IOException {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return p;
    }
}
