package io.tlsweep.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.lab.DemoLab;
import io.tlsweep.core.lab.LabEndpoint;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.SniMatrix;
import io.tlsweep.core.target.TargetPlan;
import io.tlsweep.core.target.TargetSpec;
import io.tlsweep.core.tls.TlsProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code --sni-names} through the whole engine against the lab's multi-SNI virtual host (www and api
 * names, the www certificate as default): one record per variant, delivered together in member
 * order, and the no-SNI record carries the right {@code sni_matrix}.
 */
class SniMatrixLabTest {

    private static DemoLab lab;

    @BeforeAll
    static void startLab() throws Exception {
        lab = DemoLab.start();
    }

    @AfterAll
    static void stopLab() {
        lab.close();
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void sniNamesGiveTheMatrixOfTheVirtualHost(TlsProvider provider) throws Exception {
        LabEndpoint vhost = lab.endpoints().stream().filter(e -> e.name().startsWith("vhost www")).findFirst()
                .orElseThrow();
        String www = "www." + DemoLab.DOMAIN;
        String api = "api." + DemoLab.DOMAIN;
        String unknown = "unknown." + DemoLab.DOMAIN;
        TargetPlan plan = TargetSpec.builder()
                .addTarget(vhost.address().getHostAddress() + ":" + vhost.port())
                .sniName(www).sniName(api).sniName(unknown).sniName(www)
                .build().resolve(r -> {
                    throw new AssertionError("no lookup expected");
                }, Duration.ofSeconds(1));
        assertEquals(4, plan.size());
        List<ScanRecord> records = Collections.synchronizedList(new ArrayList<>());
        ScanConfig config = ScanConfig.builder().provider(provider).concurrency(1).build();
        CertificateAnalyzer analyzer = new CertificateAnalyzer(TrustAnchors.of(List.of(lab.trustAnchor())));
        try (ScanEngine engine = new ScanEngine(config, analyzer)) {
            engine.start(plan.iterator(), records::add).completion().get(60, TimeUnit.SECONDS);
        }

        List<String> order = new ArrayList<>();
        records.forEach(r -> order.add(String.valueOf(r.sni())));
        assertEquals(List.of("null", www, api, unknown), order, "one record per variant, in member order");
        records.forEach(r -> assertEquals("success", r.status().wire(), r.toString()));
        String wwwCert = records.get(1).certs().leaf().sha256();
        String apiCert = records.get(2).certs().leaf().sha256();
        assertNotEquals(wwwCert, apiCert);

        SniMatrix m = records.get(0).sniMatrix();
        assertNotNull(m, "the no-SNI record carries the matrix");
        assertEquals(wwwCert, m.defaultCert(), "the vhost's default is the www certificate");
        assertFalse(m.sniRequired());
        assertEquals(List.of(new SniMatrix.NameResult(www, "success", wwwCert),
                new SniMatrix.NameResult(api, "success", apiCert),
                new SniMatrix.NameResult(unknown, "success", wwwCert)), m.names());
        assertEquals(2, m.certs().size(), "deduplicated by SHA-256");
        SniMatrix.ServedCert first = m.certs().get(0);
        assertEquals(wwwCert, first.sha256());
        assertEquals(true, first.isDefault());
        assertEquals(List.of(www, unknown), first.snis());
        assertEquals(List.of(www, DemoLab.DOMAIN), first.sanDns());
        SniMatrix.ServedCert second = m.certs().get(1);
        assertEquals(apiCert, second.sha256());
        assertEquals(false, second.isDefault());
        assertEquals(List.of(api), second.snis());
        for (int i = 1; i < records.size(); i++) {
            assertNull(records.get(i).sniMatrix(), records.get(i).sni());
        }
    }
}
