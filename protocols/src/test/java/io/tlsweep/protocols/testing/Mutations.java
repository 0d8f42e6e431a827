package io.tlsweep.protocols.testing;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators shared by the dialect properties: a well-formed message, damaged the ways a
 * broken or hostile server damages it (cut anywhere, bytes overwritten, junk spliced in, repeated,
 * a length-ish byte set to an extreme).
 */
public final class Mutations {

    private Mutations() {
    }

    /** {@code messages} as they are (weight 3) or damaged once (weight 2) or twice (weight 1). */
    public static Arbitrary<byte[]> damaged(Arbitrary<byte[]> messages) {
        return Arbitraries.frequencyOf(
                Tuple.of(3, messages),
                Tuple.of(2, messages.flatMap(Mutations::once)),
                Tuple.of(1, messages.flatMap(Mutations::once).flatMap(Mutations::once)));
    }

    /** One damage to {@code b}. */
    public static Arbitrary<byte[]> once(byte[] b) {
        if (b.length == 0) {
            return Arbitraries.bytes().array(byte[].class).ofMaxSize(16);
        }
        Arbitrary<Integer> at = Arbitraries.integers().between(0, b.length - 1);
        Arbitrary<byte[]> cut = Arbitraries.integers().between(0, b.length).map(n -> Arrays.copyOf(b, n));
        Arbitrary<byte[]> overwritten = Combinators.combine(at, Arbitraries.bytes()).as((i, v) -> {
            byte[] c = b.clone();
            c[i] = v;
            return c;
        });
        Arbitrary<byte[]> extreme = Combinators.combine(Arbitraries.integers().between(0, Math.min(b.length, 16) - 1),
                Arbitraries.of((byte) 0x00, (byte) 0x7f, (byte) 0x80, (byte) 0xff)).as((i, v) -> {
                    byte[] c = b.clone();
                    c[i] = v;
                    return c;
                });
        Arbitrary<byte[]> spliced = Combinators.combine(Arbitraries.integers().between(0, b.length),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(48)).as((i, junk) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(b, 0, i);
                    out.writeBytes(junk);
                    out.write(b, i, b.length - i);
                    return out.toByteArray();
                });
        Arbitrary<byte[]> twice = Arbitraries.just(Bytes.concat(b, b));
        return Arbitraries.frequencyOf(Tuple.of(3, cut), Tuple.of(3, overwritten), Tuple.of(2, extreme),
                Tuple.of(2, spliced), Tuple.of(1, twice));
    }
}
