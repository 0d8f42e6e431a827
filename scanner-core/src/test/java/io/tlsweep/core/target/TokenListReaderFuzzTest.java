package io.tlsweep.core.target;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.BadInputException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@code -iL FILE} / stdin lists ({@link TokenListReader}) with any bytes in them (invalid UTF-8,
 * NULs, CR, comments, long lines), read through the real target parser: the only failure is
 * {@link BadInputException}, which the CLI turns into one line and exit 2, and it names the line.
 */
class TokenListReaderFuzzTest {

    @Provide
    Arbitrary<byte[]> lists() {
        Arbitrary<String> token = Arbitraries.of("10.0.0.1", "10.0.0.0/30", "::1", "[::1]:443", "host.test", "a:b:c", "10.0.0.1-3",
                "#", "# comment", " ", "\t", "\r\n", "\n", "\u0000", "\u00e9", "-", "/", "999.1.1.1", "10.0.0.0/33");
        Arbitrary<byte[]> text = token.list().ofMaxSize(30).map(l -> String.join("", l).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(Tuple.of(4, text), Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(400)));
    }

    @Property(tries = 1000, seed = "1918")
    void onlyBadInputEscapes(@ForAll("lists") byte[] list) {
        List<String> tokens = new ArrayList<>();
        try {
            TokenListReader.read(new ByteArrayInputStream(list), "list.txt", "target", token -> {
                TargetTokenParser.parseTarget(token);
                tokens.add(token);
            });
        } catch (BadInputException e) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().startsWith("list.txt:") || e.getMessage().startsWith("cannot read target list 'list.txt'"),
                    e.getMessage());
        }
        tokens.forEach(t -> assertFalse(t.isBlank() || t.contains("#"), t));
    }
}
