package io.tlsweep.protocols.mysql;

import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.protocols.testing.Bytes;
import io.tlsweep.protocols.testing.DialectProperties;
import java.io.ByteArrayOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * MySQL/MariaDB greetings built field by field: the Initial Handshake (any version string, with or
 * without its NUL, any capability bits, cut before the capabilities), ERR packets (with and without
 * SQLSTATE), protocol 9, other packet kinds; the 3-byte length right, wrong, zero, or at its extremes
 * (0xffffff, just past {@link MysqlStartTls#MAX_PACKET}); the sequence id mostly 0.
 */
class MysqlGreetingFuzzTest extends DialectProperties {

    @Override
    protected StartTlsDialect dialect() {
        return new MysqlStartTls();
    }

    @Override
    protected PreludeOptions options() {
        return MysqlStartTlsTest.OPTIONS;
    }

    @Override
    protected Arbitrary<byte[]> wellFormed() {
        Arbitrary<byte[]> version = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60).map(s -> Bytes.ascii(s + "\0"))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(40)));
        Arbitrary<byte[]> handshake = Combinators.combine(version, Arbitraries.integers().between(0, 0xffff),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(40), Arbitraries.integers().between(0, 30))
                .as((v, caps, rest, keep) -> {
                    ByteArrayOutputStream p = new ByteArrayOutputStream();
                    p.write(0x0a);
                    p.writeBytes(v);
                    p.writeBytes(new byte[] {1, 0, 0, 0}); // connection id
                    p.writeBytes(Bytes.ascii("abcdefgh")); // auth data part 1
                    p.write(0);
                    p.write(caps & 0xff);
                    p.write(caps >>> 8);
                    p.writeBytes(rest); // charset, status, high caps, plugin data...
                    byte[] b = p.toByteArray();
                    // sometimes the payload stops early, before or inside the capability flags
                    return keep == 0 ? java.util.Arrays.copyOf(b, Math.max(1, b.length - 3 - rest.length)) : b;
                });
        Arbitrary<byte[]> err = Combinators.combine(Arbitraries.integers().between(0, 0xffff), Arbitraries.of("", "#HY000", "#"),
                        Arbitraries.strings().ofMaxLength(300))
                .as((code, state, msg) -> Bytes.concat(new byte[] {(byte) 0xff, (byte) code.intValue(), (byte) (code >>> 8)},
                        Bytes.ascii(state), Bytes.utf8(msg)));
        Arbitrary<byte[]> old = version.map(v -> Bytes.concat(new byte[] {9}, v));
        Arbitrary<byte[]> other = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(40);
        Arbitrary<byte[]> payload = Arbitraries.frequencyOf(Tuple.of(5, handshake), Tuple.of(2, err), Tuple.of(1, old), Tuple.of(1, other));
        Arbitrary<Integer> lengthLie = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(-5, 5)),
                Tuple.of(1, Arbitraries.of(Integer.MIN_VALUE, MysqlStartTls.MAX_PACKET + 1, 0xffffff)));
        Arbitrary<Integer> sequence = Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 255)));
        return Combinators.combine(payload, lengthLie, sequence).as((p, lie, seq) -> {
            int length = lie == Integer.MIN_VALUE ? 0 : lie > 0xffff ? lie : Math.max(0, p.length + lie);
            return Bytes.concat(new byte[] {(byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) seq.intValue()}, p);
        });
    }
}
