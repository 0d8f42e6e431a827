package io.tlsweep.core.tls.wire;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * One IANA registry as data: "0xNNNN NAME" lines, read once. Lookups of unknown code points answer
 * a stable placeholder rather than null, so a parser can name whatever a peer sends.
 */
final class IanaTable {

    private final Map<Integer, String> names;
    private final Map<String, Integer> codes;
    private final String unknownPrefix;

    IanaTable(String lines, String unknownPrefix) {
        Map<Integer, String> map = new HashMap<>();
        for (String line : lines.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+", 2);
            int code = Integer.parseInt(parts[0].substring(2), 16);
            if (map.put(code, parts[1]) != null) {
                throw new IllegalStateException("duplicate code point " + parts[0]);
            }
        }
        this.names = Collections.unmodifiableMap(map);
        Map<String, Integer> reverse = new HashMap<>();
        map.forEach((code, name) -> reverse.put(name, code));
        this.codes = Collections.unmodifiableMap(reverse);
        this.unknownPrefix = unknownPrefix;
    }

    /** The registered name, "GREASE" for RFC 8701 values, else "{prefix}0xNNNN". */
    String name(int code) {
        String name = names.get(code);
        if (name != null) {
            return name;
        }
        return Grease.isGrease(code) ? "GREASE" : unknownPrefix + String.format("0x%04x", code);
    }

    /** The code point registered under {@code name}, or -1. */
    int code(String name) {
        Integer code = codes.get(name);
        return code == null ? -1 : code;
    }

    boolean contains(int code) {
        return names.containsKey(code);
    }

    Map<Integer, String> asMap() {
        return names;
    }
}
