package io.tlsweep.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tlsweep.core.BadInputException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** The option-value parsers of the CLI, in-process: the accepted forms (the rejections are in BadInputTest). */
class OptionValuesTest {

    @Test
    void durations() {
        DurationConverter c = new DurationConverter();
        assertEquals(Duration.ofMillis(500), c.convert("500ms"));
        assertEquals(Duration.ofSeconds(5), c.convert("5s"));
        assertEquals(Duration.ofSeconds(5), c.convert("5"));
        assertEquals(Duration.ofMillis(1500), c.convert("1.5s"));
        assertEquals(Duration.ofMinutes(2), c.convert("2M"));
        assertEquals(Duration.ofHours(1), c.convert("60m"));
        assertEquals(Duration.ofMillis(1), c.convert("1ms"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.5ms", "61m", "-1s", "1h", "5 s", "s", ""})
    void durationsOutOfRangeOrMalformed(String value) {
        assertThrows(TypeConversionException.class, () -> new DurationConverter().convert(value));
    }

    @Test
    void enumLevels() {
        assertEquals(io.tlsweep.core.enumerate.EnumLevel.FAST, ScanCommand.enumLevel("fast"));
        assertEquals(io.tlsweep.core.enumerate.EnumLevel.FULL, ScanCommand.enumLevel("FULL"));
        BadInputException e = assertThrows(BadInputException.class, () -> ScanCommand.enumLevel("quick"));
        assertEquals("bad --enum 'quick': use fast or full", e.getMessage());
    }

    @Test
    void perHostRateIsOffWithoutEnumOrJarmTwentyWithEitherAndAnExplicitValueWins() {
        var fast = io.tlsweep.core.enumerate.EnumLevel.FAST;
        assertEquals(0.0, ScanCommand.perHostRate(null, null, false));
        assertEquals(20.0, ScanCommand.perHostRate(null, fast, false));
        assertEquals(20.0, ScanCommand.perHostRate(null, null, true), "--jarm alone turns it on");
        assertEquals(20.0, ScanCommand.perHostRate(null, fast, true));
        assertEquals(5.5, ScanCommand.perHostRate(5.5, null, false));
        assertEquals(100.0, ScanCommand.perHostRate(100.0, fast, false));
        assertEquals(7.0, ScanCommand.perHostRate(7.0, null, true));
        assertEquals(0.0, ScanCommand.perHostRate(0.0, fast, true), "0 turns it off, also with --enum/--jarm");
        assertThrows(BadInputException.class, () -> ScanCommand.perHostRate(-1.0, fast, false));
        assertThrows(BadInputException.class, () -> ScanCommand.perHostRate(Double.NaN, null, true));
    }

    @Test
    void shards() {
        assertArrayEquals(new int[] {0, 1}, ScanCommand.parseShard("0/1"));
        assertArrayEquals(new int[] {3, 4}, ScanCommand.parseShard("3/4"));
        assertArrayEquals(new int[] {2, 10}, ScanCommand.parseShard(" 2 / 10 "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1/1", "-1/2", "1/0", "0/2/3", "1", "a/b", "/", "99999999999/2"})
    void badShards(String value) {
        BadInputException e = assertThrows(BadInputException.class, () -> ScanCommand.parseShard(value));
        assertEquals("bad shard '" + value + "': use I/N with 0 <= I < N, e.g. 0/4", e.getMessage());
    }

    @Test
    void alpnLists() {
        assertEquals(List.of("h2", "http/1.1"), ScanCommand.alpnList("h2,http/1.1"));
        assertEquals(List.of("h2", "http/1.1"), ScanCommand.alpnList(" h2 , http/1.1 "));
        assertEquals(List.of(), ScanCommand.alpnList("none"));
        assertEquals(List.of(), ScanCommand.alpnList("NONE"));
        assertThrows(BadInputException.class, () -> ScanCommand.alpnList(""));
        assertThrows(BadInputException.class, () -> ScanCommand.alpnList(" "));
        assertThrows(BadInputException.class, () -> ScanCommand.alpnList("h2,"));
        assertThrows(BadInputException.class, () -> ScanCommand.alpnList("h\u00e92"));
        assertThrows(BadInputException.class, () -> ScanCommand.alpnList("x".repeat(256)));
    }

    @Test
    void quicAlpnListsNeedAProtocol() {
        assertEquals(List.of("h3"), ScanCommand.quicAlpnList("h3"));
        assertEquals(List.of("h3-29"), ScanCommand.quicAlpnList(" h3-29 "));
        assertEquals(List.of("h3", "h3-29"), ScanCommand.quicAlpnList("h3,h3-29"));
        BadInputException none = assertThrows(BadInputException.class, () -> ScanCommand.quicAlpnList("none"));
        assertEquals("bad --quic-alpn 'none': QUIC needs at least one ALPN protocol, e.g. h3", none.getMessage());
        assertThrows(BadInputException.class, () -> ScanCommand.quicAlpnList(""));
        assertThrows(BadInputException.class, () -> ScanCommand.quicAlpnList("h3,,h3-29"));
    }

    @Test
    void serverNames() {
        assertEquals("www.example.test", ScanCommand.serverName("www.example.test"));
        assertEquals("www.example.test", ScanCommand.serverName(" www.example.test "));
        assertEquals("localhost", ScanCommand.serverName("localhost"));
        for (String bad : List.of("", " ", "a b", "127.0.0.1", "::1", "2001:db8::1", "example.com.", "a..b")) {
            assertThrows(BadInputException.class, () -> ScanCommand.serverName(bad), bad);
        }
    }
}
