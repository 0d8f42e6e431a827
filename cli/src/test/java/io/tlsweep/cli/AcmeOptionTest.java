package io.tlsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --acme} and the port list: 80 joins the default list, never an explicit one. */
class AcmeOptionTest {

    private static List<String> dryRun(String... args) throws Exception {
        CliProcess.Result r = CliProcess.run(args);
        assertEquals(0, r.exitCode(), r.toString());
        return r.stdoutLines().stream().sorted().toList();
    }

    @Test
    void acmeAddsPort80ToTheDefaultPorts() throws Exception {
        assertEquals(List.of("127.0.0.9 443"), dryRun("scan", "127.0.0.9", "--dry-run", "-q"));
        assertEquals(List.of("127.0.0.9 443", "127.0.0.9 80"), dryRun("scan", "127.0.0.9", "--acme", "--dry-run", "-q"));
    }

    @Test
    void anExplicitPortListIsKept() throws Exception {
        assertEquals(List.of("127.0.0.9 443"), dryRun("scan", "127.0.0.9", "-p", "443", "--acme", "--dry-run", "-q"));
        assertEquals(List.of("127.0.0.9 443", "127.0.0.9 80"),
                dryRun("scan", "127.0.0.9", "-p", "80,443", "--acme", "--dry-run", "-q"));
    }

    /**
     * The real ports, 80 and 443, on a loopback address where nothing listens: the CLI wires --acme
     * through to the planner (port 80 gets HTTP-01, blocked) and the engine (443's check is skipped).
     */
    @Test
    void closedPortsThroughTheWholeCli() throws Exception {
        String address = "127.0.200.80";
        assumeTrue(refuses(address, 80) && refuses(address, 443), "something listens on " + address);
        CliProcess.Result r = CliProcess.run("scan", address, "--acme", "-q");
        assertEquals(0, r.exitCode(), r.toString());
        List<JsonNode> records = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : r.stdoutLines()) {
            records.add(json.readTree(line));
        }
        assertEquals(2, records.size(), r.toString());
        for (JsonNode rec : records) {
            assertEquals("refused", rec.get("status").asText(), rec.toString());
            if (rec.get("port").asInt() == 80) {
                assertEquals("blocked", rec.at("/acme/http01/result").asText(), rec.toString());
                assertTrue(rec.at("/acme/tls_alpn01").isNull(), rec.toString());
                assertEquals("acme_http01_blocked", rec.at("/findings/0/code").asText(), rec.toString());
            } else {
                assertEquals(443, rec.get("port").asInt());
                assertEquals("not checked: connection refused", rec.at("/acme/tls_alpn01/detail").asText());
                assertTrue(rec.at("/acme/http01").isNull(), rec.toString());
            }
        }
    }

    private static boolean refuses(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1000);
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
