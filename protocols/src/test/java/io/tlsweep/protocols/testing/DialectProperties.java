package io.tlsweep.protocols.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.StartTlsDialect;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The properties every dialect's parser keeps, for a subclass to run against its own structure-aware
 * generator of server messages ({@link #wellFormed}); {@link Mutations#damaged} adds the damage.
 *
 * <ol>
 *   <li>only {@code PreludeProtocolException} escapes, the session never spins, its facts stay within
 *       their bounds ({@link PreludeDriver});</li>
 *   <li>the split does not matter: one read or many small ones end the same way with the same facts
 *       (a parser that re-reads a growing buffer must not change its mind);</li>
 *   <li>every truncation of a well-formed message keeps (1).</li>
 * </ol>
 * Seeds are fixed so a CI run is the same run every time.
 */
public abstract class DialectProperties {

    protected abstract StartTlsDialect dialect();

    protected abstract PreludeOptions options();

    /** What a server of this protocol sends, including its refusals and its oddities, undamaged. */
    protected abstract Arbitrary<byte[]> wellFormed();

    @Provide
    Arbitrary<byte[]> inputs() {
        return Mutations.damaged(wellFormed());
    }

    @Provide
    Arbitrary<byte[]> messages() {
        return wellFormed();
    }

    @Property(tries = 1000, seed = "20")
    public void onlyTypedErrorsAndBoundedFacts(@ForAll("inputs") byte[] input, @ForAll @IntRange(min = 1, max = 600) int chunk) {
        PreludeDriver.play(dialect(), options(), input, chunk);
    }

    @Property(tries = 500, seed = "21")
    public void theSplitDoesNotMatter(@ForAll("inputs") byte[] input, @ForAll @IntRange(min = 1, max = 16) int chunk) {
        PreludeDriver.Ending whole = PreludeDriver.play(dialect(), options(), input, Math.max(1, input.length));
        PreludeDriver.Ending split = PreludeDriver.play(dialect(), options(), input, chunk);
        assertEquals(whole, split, () -> "input " + Arrays.toString(input));
    }

    @Property(tries = 100, seed = "22")
    public void everyTruncationIsHandled(@ForAll("messages") byte[] message) {
        for (int n = 0; n <= message.length; n++) {
            PreludeDriver.play(dialect(), options(), Arrays.copyOf(message, n), Math.max(1, n));
        }
    }
}
