package io.tlsweep.core.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every line the writer can produce validates against docs/schema.json, and the schema is strict. */
class SchemaConformanceTest {

    private static Schema schema;
    private static JsonNode schemaTree;

    @BeforeAll
    static void loadSchema() throws Exception {
        String text = Files.readString(RepoFiles.schemaJson(), StandardCharsets.UTF_8);
        schemaTree = NdjsonWriterTest.STRICT.readTree(text);
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(text, InputFormat.JSON);
    }

    private static List<Error> validate(String line) {
        return schema.validate(line, InputFormat.JSON);
    }

    @Test
    void everyGoldenLineValidates() throws Exception {
        List<String> lines = Files.readAllLines(RepoFiles.goldenSample(), StandardCharsets.UTF_8);
        assertFalse(lines.isEmpty());
        for (String line : lines) {
            assertEquals(List.of(), validate(line), line);
        }
    }

    @Test
    void randomRecordsWithinTheContractValidate() {
        RandomRecords random = RandomRecords.withinContract(20261125L);
        NdjsonWriter writer = new NdjsonWriter();
        for (int i = 0; i < 1500; i++) {
            String line = writer.toLine(random.next());
            assertEquals(List.of(), validate(line), line);
        }
    }

    @Test
    void theSchemaRejectsUnknownMissingAndMistypedFields() throws Exception {
        String good = new NdjsonWriter().toLine(SampleRecords.forStatus(io.tlsweep.core.result.Status.SUCCESS));
        ObjectNode extraTop = (ObjectNode) NdjsonWriterTest.STRICT.readTree(good);
        extraTop.put("surprise", 1);
        ObjectNode extraNested = (ObjectNode) NdjsonWriterTest.STRICT.readTree(good);
        ((ObjectNode) extraNested.get("cert")).put("surprise", 1);
        ObjectNode missing = (ObjectNode) NdjsonWriterTest.STRICT.readTree(good);
        missing.remove("sni");
        ObjectNode badStatus = (ObjectNode) NdjsonWriterTest.STRICT.readTree(good);
        badStatus.put("status", "ok");
        ObjectNode badTime = (ObjectNode) NdjsonWriterTest.STRICT.readTree(good);
        badTime.put("timestamp", "2026-11-25 20:30:00");
        for (ObjectNode bad : List.of(extraTop, extraNested, missing, badStatus, badTime)) {
            assertFalse(validate(bad.toString()).isEmpty(), "schema accepted " + bad);
        }
    }

    @Test
    void schemaListsTheTopLevelKeysInTheWritersOrder() {
        List<String> properties = new ArrayList<>();
        for (Iterator<String> it = schemaTree.get("properties").fieldNames(); it.hasNext(); ) {
            properties.add(it.next());
        }
        assertEquals(NdjsonWriterTest.TOP_LEVEL_KEYS, properties);
        List<String> required = new ArrayList<>();
        schemaTree.get("required").forEach(n -> required.add(n.asText()));
        assertEquals(NdjsonWriterTest.TOP_LEVEL_KEYS, required, "every top-level key is always present");
    }

    @Test
    void everyObjectInTheSchemaIsClosed() {
        List<String> open = new ArrayList<>();
        findOpenObjects(schemaTree, "#", open);
        assertTrue(open.isEmpty(), "objects without additionalProperties:false: " + open);
    }

    private static void findOpenObjects(JsonNode node, String path, List<String> open) {
        if (!node.isObject()) {
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    findOpenObjects(node.get(i), path + "/" + i, open);
                }
            }
            return;
        }
        if (node.has("properties")) {
            JsonNode ap = node.get("additionalProperties");
            if (ap == null || !ap.isBoolean() || ap.asBoolean()) {
                open.add(path);
            }
        }
        node.properties().forEach(e -> findOpenObjects(e.getValue(), path + "/" + e.getKey(), open));
    }
}
