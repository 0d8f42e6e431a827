package io.tlsweep.core.fingerprint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Reads the test resources under fingerprint/ (values the reference implementation produced). */
final class ReferenceFixtures {

    private ReferenceFixtures() {
    }

    /** The non-comment lines of {@code name}, split on {@code separator} (keeping empty fields). */
    static List<String[]> rows(String name, String separator) {
        List<String[]> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                ReferenceFixtures.class.getResourceAsStream("/fingerprint/" + name), name),
                StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.startsWith("#")) {
                    out.add(line.split(separator, -1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
