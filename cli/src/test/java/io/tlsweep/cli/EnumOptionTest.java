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
 * {@code --enum} and {@code --per-host-rate} through the CLI, where no enumeration happens (the
 * enumeration itself is tested in the engine; the bad values in BadInputTest): the options parse,
 * a probe that meets no TLS server gets no {@code enum}, and the summary has its enumeration line.
 */
class EnumOptionTest {

    @Test
    void bothOptionsParseForADryRun() throws Exception {
        for (String[] args : List.of(
                new String[] {"scan", "127.0.0.9", "--enum", "fast", "--dry-run", "-q"},
                new String[] {"scan", "127.0.0.9", "--enum", "FULL", "--per-host-rate", "0", "--dry-run", "-q"},
                new String[] {"scan", "127.0.0.9", "--per-host-rate", "2.5", "--dry-run", "-q"})) {
            CliProcess.Result r = CliProcess.run(args);
            assertEquals(0, r.exitCode(), r.toString());
            assertEquals(List.of("127.0.0.9 443"), r.stdoutLines(), r.toString());
        }
    }

    @Test
    void aRefusedPortIsNotEnumeratedAndTheSummarySaysSo() throws Exception {
        String address = "127.0.200.87";
        assumeTrue(refuses(address, 443), "something listens on " + address);
        CliProcess.Result r = CliProcess.run("scan", address, "-p", "443", "--enum", "fast");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(1, r.stdoutLines().size(), r.toString());
        JsonNode rec = new ObjectMapper().readTree(r.stdoutLines().get(0));
        assertEquals("refused", rec.get("status").asText());
        assertTrue(rec.has("enum") && rec.get("enum").isNull(), rec.toString());
        assertTrue(rec.has("grade") && rec.get("grade").isNull(), rec.toString());
        assertTrue(r.stderrLines().contains("enumeration: 0 endpoints, 0 hellos (0.0 per endpoint), 0 incomplete"),
                r.toString());

        CliProcess.Result plain = CliProcess.run("scan", address, "-p", "443");
        assertTrue(plain.stderrLines().stream().noneMatch(l -> l.startsWith("enumeration:")), plain.toString());
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
