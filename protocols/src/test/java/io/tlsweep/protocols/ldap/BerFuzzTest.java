package io.tlsweep.protocols.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tlsweep.core.prelude.PreludeProtocolException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The BER reader under LDAP ({@link Ber}) against nested elements whose lengths are written in
 * every form (short, long with 1-4 bytes, needlessly long) and may lie (off by a few, 2^32-1), plus
 * the headers LDAP forbids (indefinite length, five length bytes, multi-byte tags). Walking any of
 * it element by element, into every constructed one, throws nothing but
 * {@link PreludeProtocolException}, and every element it returns lies inside its parent; an honest
 * tree reads back exactly as it was built.
 */
class BerFuzzTest {

    /** One element: a primitive value or children; how its length is written, and by how much it lies. */
    record Node(int tag, byte[] value, List<Node> children, int lengthBytes, long lie, byte[] rawHeader) {

        boolean honest() {
            return lie == 0 && rawHeader == null && (children == null || children.stream().allMatch(Node::honest));
        }

        byte[] encode() {
            if (rawHeader != null) {
                return rawHeader;
            }
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            if (children == null) {
                content.writeBytes(value);
            } else {
                children.forEach(c -> content.writeBytes(c.encode()));
            }
            long length = Math.max(0, content.size() + lie) & 0xffffffffL;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            // the long form takes at least the bytes the length needs; more is legal BER, just long
            int needed = length < 0x80 ? 0 : length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
            int n = Math.max(lengthBytes, needed);
            if (n == 0) {
                out.write((int) length);
            } else {
                out.write(0x80 | n);
                for (int i = n - 1; i >= 0; i--) {
                    out.write((int) (length >>> (8 * i)));
                }
            }
            out.writeBytes(content.toByteArray());
            return out.toByteArray();
        }
    }

    private static Arbitrary<Integer> primitiveTags() {
        return Arbitraries.of(0x02, 0x04, 0x0a, 0x80, 0x8a, 0x8b, 0x01, 0x1e);
    }

    private static Arbitrary<Integer> constructedTags() {
        return Arbitraries.of(0x30, 0x31, 0x61, 0x77, 0x78, 0xa3, 0xa0, 0x3e);
    }

    private static Arbitrary<Integer> lengthForms() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 4)));
    }

    private static Arbitrary<Node> node(int depth, boolean lies) {
        Arbitrary<Long> lie = lies
                ? Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(0L)), Tuple.of(2, Arbitraries.longs().between(-4, 4)),
                        Tuple.of(1, Arbitraries.of(0xffffffffL, 0x7fffffffL, 16L * 1024)))
                : Arbitraries.just(0L);
        Arbitrary<Node> leaf = Combinators.combine(primitiveTags(), Arbitraries.bytes().array(byte[].class).ofMaxSize(300), lengthForms(), lie)
                .as((t, v, n, l) -> new Node(t, v, null, n, l, null));
        List<Tuple.Tuple2<Integer, Arbitrary<Node>>> choices = new ArrayList<>();
        choices.add(Tuple.of(4, leaf));
        if (lies) {
            choices.add(Tuple.of(1, Arbitraries.of(new byte[] {0x30, (byte) 0x80, 0, 0}, new byte[] {0x30, (byte) 0x85, 0, 0, 0, 0, 1},
                            new byte[] {0x1f, 0x01, 0x00}, new byte[] {0x30}, new byte[] {0x30, (byte) 0x84, 0x7f})
                    .map(raw -> new Node(raw[0] & 0xff, null, null, 0, 0, raw))));
        }
        if (depth > 0) {
            Arbitrary<Node> constructed = Combinators.combine(constructedTags(), node(depth - 1, lies).list().ofMaxSize(4), lengthForms(), lie)
                    .as((t, c, n, l) -> new Node(t, null, c, n, l, null));
            choices.add(Tuple.of(3, constructed));
        }
        return Arbitraries.frequencyOf(choices.toArray(new Tuple.Tuple2[0]));
    }

    @Provide
    Arbitrary<List<Node>> anyTrees() {
        return node(5, true).list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<Node>> honestTrees() {
        return node(5, false).list().ofMinSize(1).ofMaxSize(3);
    }

    @Property(tries = 1000, seed = "4511")
    void onlyTheTypedErrorAndElementsInsideTheirParents(@ForAll("anyTrees") List<Node> trees,
                                                        @ForAll @IntRange(min = 0, max = 64) int cut,
                                                        @ForAll @IntRange(min = 2, max = 20_000) int max) {
        byte[] wire = concat(trees);
        byte[] input = java.util.Arrays.copyOf(wire, Math.max(0, wire.length - cut));
        ByteBuf in = Unpooled.wrappedBuffer(input);
        try {
            while (in.isReadable()) {
                int total = Ber.frameLength(in, max);
                if (total < 0) {
                    assertTrue(in.readableBytes() < 6, "header incomplete with " + in.readableBytes() + " bytes");
                    return;
                }
                assertTrue(total >= 2 && total <= max, "frame of " + total);
                if (in.readableBytes() < total) {
                    return; // would wait for more
                }
                walk(Ber.over(in, in.readerIndex(), total), in.readerIndex(), in.readerIndex() + total, 0, null);
                in.skipBytes(total);
            }
        } catch (PreludeProtocolException e) {
            assertTrue(e.getMessage().startsWith("BER: "), e.getMessage());
        } finally {
            in.release();
        }
    }

    @Property(tries = 500, seed = "690")
    void anHonestTreeReadsBackAsBuilt(@ForAll("honestTrees") List<Node> trees) {
        byte[] wire = concat(trees);
        ByteBuf in = Unpooled.wrappedBuffer(wire);
        try {
            List<String> read = new ArrayList<>();
            walk(Ber.over(in, 0, wire.length), 0, wire.length, 0, read);
            List<String> built = new ArrayList<>();
            trees.forEach(t -> describe(t, 0, built));
            assertEquals(built, read);
        } finally {
            in.release();
        }
    }

    /** Steps through every element, entering constructed ones; checks each lies inside its parent. */
    private static void walk(Ber cursor, int start, int end, int depth, List<String> out) {
        while (cursor.hasMore()) {
            Ber.Tlv t = cursor.next();
            assertTrue(t.valueStart() > start && t.length() >= 0 && t.end() <= end,
                    () -> t + " outside [" + start + ", " + end + ")");
            if (out != null) {
                out.add(depth + ":" + Integer.toHexString(t.tag()) + ":" + t.length());
            }
            if (t.tag() == 0x02 || t.tag() == 0x0a) {
                try {
                    cursor.integer(t);
                } catch (PreludeProtocolException e) {
                    assertTrue(t.length() < 1 || t.length() > 4, e.getMessage());
                }
            } else if (!t.constructed()) {
                assertTrue(cursor.string(t, 64).length() <= 64);
            }
            if (t.constructed()) {
                walk(cursor.enter(t), t.valueStart(), t.end(), depth + 1, out);
            }
        }
    }

    private static void describe(Node n, int depth, List<String> out) {
        int length = n.children() == null ? n.value().length : n.children().stream().mapToInt(c -> c.encode().length).sum();
        out.add(depth + ":" + Integer.toHexString(n.tag()) + ":" + length);
        if (n.children() != null) {
            n.children().forEach(c -> describe(c, depth + 1, out));
        }
    }

    private static byte[] concat(List<Node> trees) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        trees.forEach(t -> out.writeBytes(t.encode()));
        return out.toByteArray();
    }
}
