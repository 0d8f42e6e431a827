package io.tlsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --jarm} through the CLI (the JARM step itself is tested in the engine): the option parses,
 * alone and beside {@code --enum}, and a probe that meets no TLS server gets no fingerprints.
 */
class JarmOptionTest {

    @Test
    void jarmParsesForADryRun() throws Exception {
        for (String[] args : List.of(
                new String[] {"scan", "127.0.0.9", "--jarm", "--dry-run", "-q"},
                new String[] {"scan", "127.0.0.9", "--jarm", "--enum", "fast", "--per-host-rate", "5",
                    "--dry-run", "-q"})) {
            CliProcess.Result r = CliProcess.run(args);
            assertEquals(0, r.exitCode(), r.toString());
            assertEquals(List.of("127.0.0.9 443"), r.stdoutLines(), r.toString());
        }
    }

    @Test
    void aRefusedPortGetsNoJarm() throws Exception {
        String address = "127.0.200.88";
        assumeTrue(refuses(address, 443), "something listens on " + address);
        CliProcess.Result r = CliProcess.run("scan", address, "-p", "443", "--jarm");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(1, r.stdoutLines().size(), r.toString());
        JsonNode rec = new ObjectMapper().readTree(r.stdoutLines().get(0));
        assertEquals("refused", rec.get("status").asText());
        assertTrue(rec.has("fingerprints") && rec.get("fingerprints").isNull(), rec.toString());
    }

    private static boolean refuses(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1000);
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
