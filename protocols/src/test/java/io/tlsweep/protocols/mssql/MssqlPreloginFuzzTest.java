package io.tlsweep.protocols.mssql;

import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.protocols.testing.Bytes;
import io.tlsweep.protocols.testing.DialectProperties;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * SQL Server PRELOGIN replies built option by option: an option table whose entries point at their
 * data or anywhere (past the end, overlapping), ENCRYPTION of 1 byte or not, any value, repeated
 * options, a terminator or none; the message in one TDS packet or split over several, packet
 * lengths right, short of the header, or claiming more than arrives; type 0x04 or another.
 */
class MssqlPreloginFuzzTest extends DialectProperties {

    @Override
    protected StartTlsDialect dialect() {
        return new MssqlStartTls();
    }

    @Override
    protected PreludeOptions options() {
        return MssqlStartTlsTest.OPTIONS;
    }

    /** One option: token, its data, and whether its table entry lies about offset or length. */
    private record Option(int token, byte[] data, int offsetLie, int lengthLie) {
    }

    @Override
    protected Arbitrary<byte[]> wellFormed() {
        Arbitrary<Integer> lie = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(-3, 3)), Tuple.of(1, Arbitraries.of(0xffff, 0x8000)));
        Arbitrary<Option> version = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(8)
                .map(d -> new Option(MssqlStartTls.VERSION, d, 0, 0));
        Arbitrary<Option> encryption = Combinators.combine(
                        Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.integers().between(0, 3)),
                                Tuple.of(2, Arbitraries.integers().between(0x80, 0x83)), Tuple.of(1, Arbitraries.integers().between(0, 255))),
                        Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(1)), Tuple.of(1, Arbitraries.integers().between(0, 4))))
                .as((v, n) -> new Option(MssqlStartTls.ENCRYPTION, n == 1 ? new byte[] {(byte) v.intValue()} : new byte[n], 0, 0));
        Arbitrary<Option> other = Combinators.combine(Arbitraries.integers().between(2, 0xfe),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(6)).as((t, d) -> new Option(t, d, 0, 0));
        Arbitrary<Option> option = Arbitraries.frequencyOf(Tuple.of(3, version), Tuple.of(4, encryption), Tuple.of(2, other));
        Arbitrary<Option> lying = Combinators.combine(option, lie, lie).as((o, a, b) -> new Option(o.token(), o.data(), a, b));
        Arbitrary<byte[]> message = Combinators.combine(lying.list().ofMaxSize(6), Arbitraries.of(true, true, true, false))
                .as(MssqlPreloginFuzzTest::prelogin);
        return Combinators.combine(message, Arbitraries.integers().between(1, 3), Arbitraries.of(0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x12, 0x16),
                        lie, Arbitraries.of(true, true, true, false))
                .as(MssqlPreloginFuzzTest::packets);
    }

    private static byte[] prelogin(List<Option> options, boolean terminated) {
        int tableLength = 5 * options.size() + (terminated ? 1 : 0);
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Option o : options) {
            int offset = (tableLength + data.size() + o.offsetLie()) & 0xffff;
            int length = (o.data().length + o.lengthLie()) & 0xffff;
            table.write(o.token());
            table.write(offset >>> 8);
            table.write(offset);
            table.write(length >>> 8);
            table.write(length);
            data.writeBytes(o.data());
        }
        if (terminated) {
            table.write(0xff);
        }
        return Bytes.concat(table.toByteArray(), data.toByteArray());
    }

    /** The message in {@code parts} packets; the last one says EOM unless {@code eom} is false. */
    private static byte[] packets(byte[] message, int parts, int type, int lengthLie, boolean eom) {
        List<byte[]> pieces = new ArrayList<>();
        int step = Math.max(1, (message.length + parts - 1) / parts);
        for (int at = 0; at < message.length || pieces.isEmpty(); at += step) {
            pieces.add(java.util.Arrays.copyOfRange(message, Math.min(at, message.length), Math.min(message.length, at + step)));
            if (at + step >= message.length) {
                break;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < pieces.size(); i++) {
            byte[] p = pieces.get(i);
            boolean last = i == pieces.size() - 1;
            int n = (p.length + 8 + (last ? lengthLie : 0)) & 0xffff;
            out.writeBytes(new byte[] {(byte) type, (byte) (last && eom ? 1 : 0), (byte) (n >> 8), (byte) n, 0, 0, (byte) (i + 1), 0});
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
