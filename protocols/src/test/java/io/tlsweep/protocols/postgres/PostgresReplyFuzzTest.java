package io.tlsweep.protocols.postgres;

import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.protocols.testing.Bytes;
import io.tlsweep.protocols.testing.DialectProperties;
import java.io.ByteArrayOutputStream;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * PostgreSQL's answers to SSLRequest built part by part: 'S' and 'N' (with bytes after them),
 * protocol-3 ErrorResponses (fields of any type and length, the final 0 present or not, the int32
 * length right, off by a few, below 5, past {@link PostgresStartTls#MAX_ERROR}, or 2^32-1), the
 * pre-protocol bare error text (with and without its NUL, longer than the cap), an SSH banner.
 */
class PostgresReplyFuzzTest extends DialectProperties {

    @Override
    protected StartTlsDialect dialect() {
        return new PostgresStartTls();
    }

    @Override
    protected PreludeOptions options() {
        return PostgresStartTlsTest.OPTIONS;
    }

    @Override
    protected Arbitrary<byte[]> wellFormed() {
        Arbitrary<byte[]> field = Combinators.combine(Arbitraries.of('S', 'V', 'C', 'M', 'D', 'H', 'x', '\u00ff'),
                        Arbitraries.strings().ofMaxLength(120))
                .as((type, value) -> Bytes.concat(new byte[] {(byte) type.charValue()}, Bytes.utf8(value.replace('\0', ' ')), new byte[] {0}));
        Arbitrary<Long> lengthLie = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(0L)),
                Tuple.of(1, Arbitraries.longs().between(-6, 6)),
                Tuple.of(1, Arbitraries.of(-1L, (long) PostgresStartTls.MAX_ERROR + 1, 0xffffffffL)));
        Arbitrary<byte[]> v3 = Combinators.combine(field.list().ofMaxSize(8), Arbitraries.of(true, true, true, false), lengthLie)
                .as((fields, terminated, lie) -> {
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    fields.forEach(body::writeBytes);
                    if (terminated) {
                        body.write(0);
                    }
                    long length = lie == -1L ? 3 : lie > 0xffff ? lie : Math.max(0, 4L + body.size() + lie);
                    return Bytes.concat(new byte[] {'E', (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length},
                            body.toByteArray());
                });
        Arbitrary<byte[]> bare = Combinators.combine(
                        Arbitraries.oneOf(Arbitraries.strings().withCharRange('a', 'z').withChars(' ').ofMinLength(1).ofMaxLength(80),
                                Arbitraries.integers().between(PostgresStartTls.MAX_ERROR - 2, PostgresStartTls.MAX_ERROR + 2).map("f"::repeat)),
                        Arbitraries.of(true, false))
                .as((text, nul) -> Bytes.concat(Bytes.ascii("E" + text), nul ? new byte[] {0} : new byte[0]));
        Arbitrary<byte[]> after = Arbitraries.bytes().array(byte[].class).ofMaxSize(8);
        Arbitrary<byte[]> single = Combinators.combine(Arbitraries.of("S", "N"), after).as((c, rest) -> Bytes.concat(Bytes.ascii(c), rest));
        Arbitrary<byte[]> other = Arbitraries.of(List.of(Bytes.ascii("SSH-2.0-OpenSSH_9.6\r\n"), Bytes.ascii("HTTP/1.1 400 Bad\r\n"),
                new byte[] {'R', 0, 0, 0, 8, 0, 0, 0, 0}));
        return Arbitraries.frequencyOf(Tuple.of(2, single), Tuple.of(5, v3), Tuple.of(2, bare), Tuple.of(1, other));
    }
}
