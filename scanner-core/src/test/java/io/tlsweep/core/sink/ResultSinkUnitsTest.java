package io.tlsweep.core.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Units ({@link ResultSink#acceptUnit}): a unit's lines are consecutive even with many producers,
 * and the flush listener hears of a unit only once all its lines are flushed, with the byte count
 * that ends exactly at a line boundary (what a checkpoint cuts the output back to).
 */
class ResultSinkUnitsTest {

    private static ScanRecord record(long unit, int member) {
        return new ScanRecord(SampleRecords.SCANNED, "127.0.0.1", member + 1, "tcp", "u" + unit, null,
                Status.REFUSED, "connection refused", null, 1, null, null, null, null, List.of());
    }

    private record Flush(List<Long> units, long lines, long bytes) {
    }

    @Test
    void unitsAreWrittenWholeAndReportedAfterTheirFlushWithExactByteCounts() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Flush> flushes = new CopyOnWriteArrayList<>();
        List<Integer> sizeAtFlush = new CopyOnWriteArrayList<>();
        ResultSink sink = new ResultSink(out, 16, (units, count, lines, bytes) -> {
            List<Long> list = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                list.add(units[i]);
            }
            flushes.add(new Flush(list, lines, bytes));
            sizeAtFlush.add(out.size());
        });
        int producers = 4;
        int perProducer = 2_000;
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int id = p;
                Thread t = new Thread(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        long unit = (long) i * producers + id;
                        int members = 1 + (int) (unit % 3);
                        List<ScanRecord> records = new ArrayList<>();
                        for (int m = 0; m < members; m++) {
                            records.add(record(unit, m));
                        }
                        sink.acceptUnit(unit, records);
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            sink.close();
        });

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        // consecutive: each unit's members 1..n one after the other
        int i = 0;
        Set<String> seen = new HashSet<>();
        while (i < lines.length) {
            String unit = lines[i].replaceAll(".*\"host\":\"(u\\d+)\".*", "$1");
            assertTrue(seen.add(unit), unit + " appears in two places");
            int members = 1 + (int) (Long.parseLong(unit.substring(1)) % 3);
            for (int m = 0; m < members; m++, i++) {
                assertTrue(lines[i].contains("\"host\":\"" + unit + "\"") && lines[i].contains("\"port\":" + (m + 1) + ","),
                        "line " + i + ": " + lines[i]);
            }
        }
        assertEquals(producers * perProducer, seen.size());
        Set<Long> reported = new HashSet<>();
        for (int f = 0; f < flushes.size(); f++) {
            Flush flush = flushes.get(f);
            for (long u : flush.units()) {
                assertTrue(reported.add(u), "unit " + u + " reported twice");
            }
            assertTrue(flush.bytes() <= sizeAtFlush.get(f), "reported bytes are out");
            assertEquals('\n', out.toByteArray()[(int) flush.bytes() - 1], "reported bytes end a line");
            long linesUpTo = new String(out.toByteArray(), 0, (int) flush.bytes(), StandardCharsets.UTF_8)
                    .chars().filter(c -> c == '\n').count();
            assertEquals(linesUpTo, flush.lines());
        }
        assertEquals(producers * perProducer, reported.size(), "every unit reported once");
        Flush last = flushes.get(flushes.size() - 1);
        assertEquals(out.size(), last.bytes());
    }

    @Test
    void aFailedOutputReportsNothingAfterTheFailure() {
        List<Long> reported = new CopyOnWriteArrayList<>();
        OutputStream broken = new OutputStream() {
            private int writes;

            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (++writes > 1) {
                    throw new IOException("No space left on device");
                }
            }
        };
        ResultSink sink = new ResultSink(broken, 4, (units, count, lines, bytes) -> {
            for (int i = 0; i < count; i++) {
                reported.add(units[i]);
            }
        });
        sink.acceptUnit(0, List.of(record(0, 0)));
        sink.close(); // first flush: one write, fine
        assertEquals(List.of(0L), reported);
        ResultSink second = new ResultSink(broken, 4, (units, count, lines, bytes) -> reported.add(-99L));
        second.acceptUnit(1, List.of(record(1, 0), record(1, 1)));
        second.close();
        assertTrue(second.failure().isPresent());
        assertEquals(List.of(0L), reported, "a unit whose flush failed is not reported");
        assertEquals(2, second.discarded());
    }
}
