package io.tlsweep.core.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsweep.core.result.FindingCode;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/schema.md must name everything docs/schema.json and the enums define, so a field or status
 * added in code or schema but not documented fails the build instead of drifting silently.
 * A name counts as documented when it appears in backticks, e.g. {@code `days_left`}.
 */
class SchemaDocsDriftTest {

    private static String markdown;
    private static JsonNode schema;

    @BeforeAll
    static void load() throws Exception {
        markdown = Files.readString(RepoFiles.schemaMd(), StandardCharsets.UTF_8);
        schema = NdjsonWriterTest.STRICT.readTree(Files.readString(RepoFiles.schemaJson(), StandardCharsets.UTF_8));
    }

    @Test
    void everySchemaPropertyIsDocumented() {
        Set<String> names = new TreeSet<>();
        collectPropertyNames(schema, names);
        assertTrue(names.size() > 40, "found only " + names);
        assertUndocumented(names);
    }

    @Test
    void everyStatusPhaseAndFindingCodeIsDocumented() {
        Set<String> names = new TreeSet<>();
        for (Status s : Status.values()) {
            names.add(s.wire());
        }
        for (Phase p : Phase.values()) {
            names.add(p.wire());
        }
        for (FindingCode c : FindingCode.values()) {
            names.add(c.wire());
        }
        assertUndocumented(names);
    }

    @Test
    void schemaJsonAndTheDocsAgreeOnTheEnumsAndVersion() {
        List<String> statuses = new ArrayList<>();
        schema.at("/properties/status/enum").forEach(n -> statuses.add(n.asText()));
        List<String> expected = new ArrayList<>();
        for (Status s : Status.values()) {
            expected.add(s.wire());
        }
        assertEquals(expected, statuses, "docs/schema.json status enum vs Status.java");
        assertEquals(ScanRecord.SCHEMA_VERSION, schema.at("/properties/schema_version/const").asInt());
        assertTrue(markdown.contains("schema_version` is " + ScanRecord.SCHEMA_VERSION),
                "docs/schema.md must state the current schema_version as \"`schema_version` is N\"");
    }

    private static void assertUndocumented(Set<String> names) {
        List<String> missing = names.stream().filter(n -> !markdown.contains("`" + n + "`")).toList();
        assertEquals(List.of(), missing, "not mentioned (in backticks) in docs/schema.md");
    }

    private static void collectPropertyNames(JsonNode node, Set<String> out) {
        if (node.isArray()) {
            node.forEach(n -> collectPropertyNames(n, out));
        } else if (node.isObject()) {
            JsonNode props = node.get("properties");
            if (props != null && props.isObject()) {
                props.fieldNames().forEachRemaining(out::add);
            }
            node.forEach(n -> collectPropertyNames(n, out));
        }
    }
}
