package io.tlsweep.protocols.ldap;

import static io.tlsweep.protocols.testing.Bytes.ber;
import static io.tlsweep.protocols.testing.Bytes.concat;

import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.protocols.testing.Bytes;
import io.tlsweep.protocols.testing.DialectProperties;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * LDAP replies to the StartTLS request built element by element: ExtendedResponses with any
 * messageID (0, 1, others, integers of 0 to 6 bytes), resultCode, matchedDN, diagnosticMessage
 * (long ones too), optional referral/responseName/responseValue (the Notice of Disconnection's OID
 * among them), other operations, one or two messages in a row; lengths in the short form or a
 * needlessly long one. {@link BerFuzzTest} covers the BER reader itself with lying lengths.
 */
class LdapReplyFuzzTest extends DialectProperties {

    @Override
    protected StartTlsDialect dialect() {
        return new LdapStartTls();
    }

    @Override
    protected PreludeOptions options() {
        return LdapStartTlsTest.OPTIONS;
    }

    private static byte[] integer(int tag, long value, int bytes) {
        byte[] v = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            v[bytes - 1 - i] = (byte) (value >>> (8 * i));
        }
        return ber(tag, v);
    }

    @Override
    protected Arbitrary<byte[]> wellFormed() {
        Arbitrary<byte[]> messageId = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(integer(0x02, 1, 1))),
                Tuple.of(2, Arbitraries.just(integer(0x02, 0, 1))),
                Tuple.of(1, Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 6)).as((v, n) -> integer(0x02, v, n))));
        Arbitrary<byte[]> resultCode = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(integer(0x0a, 0, 1))),
                Tuple.of(2, Arbitraries.of(2L, 52L, 80L).map(c -> integer(0x0a, c, 1))),
                Tuple.of(1, Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 6)).as((v, n) -> integer(0x0a, v, n))));
        Arbitrary<byte[]> string = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                        Arbitraries.integers().between(1000, 3000).map("d"::repeat))
                .map(s -> ber(0x04, Bytes.utf8(s)));
        Arbitrary<byte[]> optional = Arbitraries.oneOf(
                Arbitraries.of(LdapStartTls.NOTICE_OF_DISCONNECTION_OID, LdapStartTls.START_TLS_OID, "x")
                        .map(oid -> ber(0x8a, Bytes.ascii(oid))),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(v -> ber(0x8b, v)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(v -> ber(0xa3, v)));
        Arbitrary<byte[]> extended = Combinators.combine(resultCode, string, string, optional.list().ofMaxSize(3))
                .as((code, dn, diag, opt) -> ber(0x78, code, dn, diag, concat(opt.toArray(new byte[0][]))));
        Arbitrary<byte[]> op = Arbitraries.frequencyOf(Tuple.of(8, extended),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(v -> ber(0x61, v))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(v -> ber(0x78, v))));
        Arbitrary<byte[]> message = Combinators.combine(messageId, op).as((id, o) -> ber(0x30, id, o));
        Arbitrary<byte[]> longForm = message.map(LdapReplyFuzzTest::longFormOuterLength);
        return Arbitraries.frequencyOf(
                Tuple.of(5, message),
                Tuple.of(1, longForm),
                Tuple.of(2, message.list().ofMinSize(2).ofMaxSize(3).map(l -> concat(l.toArray(new byte[0][])))));
    }

    /** The same message with its outer length in the 4-byte long form, as some encoders write it. */
    private static byte[] longFormOuterLength(byte[] message) {
        int headerLength = (message[1] & 0x80) == 0 ? 2 : 2 + (message[1] & 0x7f);
        int n = message.length - headerLength;
        return concat(new byte[] {0x30, (byte) 0x84, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n},
                java.util.Arrays.copyOfRange(message, headerLength, message.length));
    }
}
