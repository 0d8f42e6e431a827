package io.tlsweep.protocols.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.prelude.PreludeProtocolException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link CodedReplyReader} (SMTP, FTP) and {@link CodedReply#single} (NNTP) on reply-shaped lines:
 * codes right and wrong ("250", "25", "2500", "600", "2x0"), separators ' ', '-', none or another,
 * free text, FTP's code-less middle lines, the empty line. Only {@link PreludeProtocolException}
 * escapes, and every finished reply has a 1xx-5xx code.
 */
class CodedReplyReaderFuzzTest {

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> code = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("220", "250", "211", "234", "421", "554")),
                Tuple.of(1, Arbitraries.of("", "2", "25", "2500", "600", "099", "2x0", "+OK", "*")));
        Arbitrary<String> separator = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(" ", "-")), Tuple.of(1, Arbitraries.of("", "\t", "x", "--")));
        Arbitrary<String> text = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of("", "mx ESMTP", "STARTTLS", "AUTH TLS", "End")),
                Tuple.of(1, Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(30)));
        return net.jqwik.api.Combinators.combine(code, separator, text).as((c, s, t) -> c + s + t);
    }

    @Property(tries = 1000, seed = "5321")
    void onlyTheTypedErrorAndRealCodes(@ForAll List<@net.jqwik.api.From("lines") String> lines, @ForAll boolean smtp) {
        CodedReplyReader reader = new CodedReplyReader(smtp ? "SMTP" : "FTP", smtp);
        for (String line : lines) {
            CodedReply single = CodedReply.single(line);
            if (single != null) {
                checkCode(single);
            }
            CodedReply reply;
            try {
                reply = reader.accept(line);
            } catch (PreludeProtocolException e) {
                assertTrue(e.getMessage().startsWith("not " + (smtp ? "SMTP" : "FTP")), e.getMessage());
                return;
            }
            if (reply != null) {
                checkCode(reply);
                assertTrue(!reply.lines().isEmpty());
                reply.isFailure();
                reply.text();
            }
        }
    }

    private static void checkCode(CodedReply r) {
        assertEquals(3, r.code().length(), r.code());
        assertTrue(r.code().charAt(0) >= '1' && r.code().charAt(0) <= '5', r.code());
    }
}
