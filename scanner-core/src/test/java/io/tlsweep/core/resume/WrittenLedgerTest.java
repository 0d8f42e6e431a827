package io.tlsweep.core.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The written-set bookkeeping: low-water mark, units above it, and continuing from a snapshot. */
class WrittenLedgerTest {

    private static void flush(WrittenLedger ledger, long lines, long bytes, long... units) {
        ledger.flushed(units, units.length, lines, bytes);
    }

    @Test
    void theMarkMovesOverContiguousUnitsAndTheRestAreRanges() {
        WrittenLedger ledger = new WrittenLedger(10, WrittenLedger.Progress.start(false));
        flush(ledger, 3, 30, 1, 2, 5);
        WrittenLedger.Progress p = ledger.snapshot();
        assertEquals(0, p.next());
        assertEquals("1-2,5", p.written().toString());
        assertFalse(p.preambleWritten());
        flush(ledger, 5, 50, WrittenLedger.PREAMBLE, 0);
        p = ledger.snapshot();
        assertEquals(3, p.next());
        assertEquals("5", p.written().toString());
        assertEquals(5, p.records());
        assertEquals(50, p.outputBytes());
        assertEquals(4, ledger.unitsWritten());
        flush(ledger, 9, 90, 3, 4, 6, 7, 8, 9);
        assertTrue(ledger.complete());
        assertTrue(ledger.isComplete(ledger.snapshot()));
        assertEquals(10, ledger.snapshot().next());
        assertTrue(ledger.snapshot().written().isEmpty());
    }

    @Test
    void aUnitWrittenTwiceOrOutsideThePlanIsABug() {
        WrittenLedger ledger = new WrittenLedger(4, WrittenLedger.Progress.start(true));
        flush(ledger, 1, 1, 2);
        assertThrows(IllegalStateException.class, () -> flush(ledger, 2, 2, 2));
        assertThrows(IllegalStateException.class, () -> flush(ledger, 2, 2, 4));
        assertThrows(IllegalStateException.class, () -> flush(ledger, 2, 2, WrittenLedger.PREAMBLE));
    }

    @Test
    void aResumedLedgerContinuesFromItsCheckpointAndCountsBytesOnTop() {
        WrittenRanges above = new WrittenRanges.Builder().add(7, 8).build();
        WrittenLedger ledger = new WrittenLedger(10, new WrittenLedger.Progress(true, 5, above, 100, 1000));
        flush(ledger, 2, 20, 5, 6);
        WrittenLedger.Progress p = ledger.snapshot();
        assertEquals(9, p.next(), "5, 6 written now, 7, 8 before");
        assertEquals(102, p.records());
        assertEquals(1020, p.outputBytes());
        assertThrows(IllegalStateException.class, () -> flush(ledger, 3, 30, 7), "7 was written before the resume");
    }

    /** Units finishing in random order, over a long plan (the bitmap rebases), checked against a plain set. */
    @Test
    void randomCompletionOrderMatchesASimpleModel() {
        Random random = new Random(3);
        int units = 300_000;
        List<Long> order = new ArrayList<>();
        for (long u = 0; u < units; u++) {
            order.add(u);
        }
        // shuffle within a sliding window: completion order is close to plan order, as in a scan
        for (int i = 0; i < units; i += 1000) {
            Collections.shuffle(order.subList(i, Math.min(units, i + 3000)), random);
        }
        WrittenLedger ledger = new WrittenLedger(units, WrittenLedger.Progress.start(true));
        TreeSet<Long> model = new TreeSet<>();
        long lines = 0;
        for (int i = 0; i < units; i++) {
            long u = order.get(i);
            flush(ledger, ++lines, lines * 10, u);
            model.add(u);
            if (i % 9973 == 0) {
                WrittenLedger.Progress p = ledger.snapshot();
                long next = 0;
                while (model.contains(next)) {
                    next++;
                }
                assertEquals(next, p.next());
                assertEquals(model.tailSet(next).size(), p.written().size());
                for (long w : model.tailSet(next)) {
                    assertTrue(p.written().contains(w));
                }
                // the snapshot continues exactly: a ledger made from it knows the same
                WrittenLedger copy = new WrittenLedger(units, p);
                assertEquals(p, copy.snapshot());
            }
        }
        assertTrue(ledger.complete());
    }
}
