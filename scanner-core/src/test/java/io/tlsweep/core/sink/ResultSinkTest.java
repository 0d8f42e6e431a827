package io.tlsweep.core.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultSinkTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    /** port = sequence number within a producer, host = producer id: enough to check order. */
    private static ScanRecord record(int producer, int seq) {
        return new ScanRecord(SampleRecords.SCANNED, "127.0.0.1", seq, "tcp", "p" + producer, null,
                Status.REFUSED, "connection refused", null, 1, null, null, null, null, List.of());
    }

    @Test
    void concurrentProducersGetExactlyOneCompleteLinePerRecordInTheirOrder() throws Exception {
        int producers = 8;
        int perProducer = 5_000;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultSink sink = new ResultSink(out, 64); // small: producers really contend and block
        assertTimeoutPreemptively(LIMIT, () -> {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int id = p;
                Thread t = new Thread(() -> {
                    awaitQuietly(start);
                    for (int i = 0; i < perProducer; i++) {
                        sink.accept(record(id, i));
                    }
                });
                t.start();
                threads.add(t);
            }
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            sink.close();
        });

        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"));
        String[] lines = text.split("\n", -1);
        assertEquals(producers * perProducer + 1, lines.length, "one line per record, plus the empty tail");
        Map<String, Integer> nextSeq = new HashMap<>();
        for (int i = 0; i < lines.length - 1; i++) {
            JsonNode n = NdjsonWriterTest.STRICT.readTree(lines[i]);
            assertEquals(NdjsonWriterTest.TOP_LEVEL_KEYS, NdjsonWriterTest.keys(n));
            String producer = n.get("host").asText();
            int expected = nextSeq.getOrDefault(producer, 0);
            assertEquals(expected, n.get("port").asInt(), "order within " + producer);
            nextSeq.put(producer, expected + 1);
        }
        assertEquals(producers, nextSeq.size());
        assertEquals(producers * perProducer, sink.written());
        assertEquals(0, sink.discarded());
        assertTrue(sink.failure().isEmpty());
    }

    @Test
    void aFullQueueBlocksTheProducerUntilTheWriterCatchesUp() throws Exception {
        CountDownLatch writerStalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ByteArrayOutputStream sinkBytes = new ByteArrayOutputStream();
        OutputStream stalled = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writerStalled.countDown();
                awaitQuietly(release);
                sinkBytes.write(b, off, len);
            }
        };
        ResultSink sink = new ResultSink(stalled, 2);
        sink.accept(record(0, 0));
        AtomicInteger accepted = new AtomicInteger();
        Thread producer = new Thread(() -> {
            for (int i = 1; i <= 10; i++) {
                sink.accept(record(0, i));
                accepted.incrementAndGet();
            }
        });
        assertTimeoutPreemptively(LIMIT, () -> {
            writerStalled.await(); // the writer is stuck flushing record 0
            producer.start();
            while (producer.getState() != Thread.State.WAITING) {
                Thread.sleep(5);
            }
            Thread.sleep(50);
            assertEquals(2, accepted.get(), "with the output stalled only the queue's capacity may be accepted");
            assertEquals(Thread.State.WAITING, producer.getState());
            release.countDown();
            producer.join();
            sink.close();
        });
        assertEquals(11, sinkBytes.toString(StandardCharsets.UTF_8).split("\n").length);
        assertEquals(11, sink.written());
    }

    @Test
    void aBrokenOutputIsReportedAndNeverBlocksProducers() {
        AtomicInteger writes = new AtomicInteger();
        OutputStream brokenPipe = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writes.incrementAndGet();
                throw new IOException("Broken pipe");
            }
        };
        ResultSink sink = new ResultSink(brokenPipe, 2);
        int n = 20_000;
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int i = 0; i < n; i++) {
                sink.accept(record(0, i));
            }
            sink.close();
        });
        assertEquals("Broken pipe", sink.failure().orElseThrow().getMessage());
        assertEquals(n, sink.written() + sink.discarded(), "every record is either written or counted as lost");
        assertEquals(1, writes.get(), "the sink must stop writing after the first error");
    }

    @Test
    void aPrintStreamThatSwallowedTheErrorIsStillNoticed() {
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Stream closed");
            }
        };
        ResultSink sink = new ResultSink(new PrintStream(closed, false, StandardCharsets.UTF_8), 8);
        assertTimeoutPreemptively(LIMIT, () -> {
            sink.accept(record(0, 0));
            sink.close();
        });
        assertTrue(sink.failure().isPresent());
        assertEquals(0, sink.written());
    }

    @Test
    void anIdleSinkFlushesEachLineWithoutWaitingForClose() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultSink sink = new ResultSink(out, 16);
        try {
            sink.accept(record(0, 7));
            assertTimeoutPreemptively(LIMIT, () -> {
                while (sink.written() < 1) {
                    Thread.sleep(5);
                }
            });
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.endsWith("\n") && text.contains("\"port\":7"), text);
        } finally {
            sink.close();
        }
    }

    @Test
    void closeIsIdempotentLeavesTheStreamOpenAndRefusesLateRecords() {
        AtomicBoolean outClosed = new AtomicBoolean();
        OutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                outClosed.set(true);
            }
        };
        ResultSink sink = new ResultSink(out, 4);
        sink.accept(record(0, 0));
        assertTimeoutPreemptively(LIMIT, () -> {
            sink.close();
            sink.close();
        });
        assertFalse(outClosed.get(), "the caller owns the stream");
        assertEquals(1, sink.written());
        assertThrows(IllegalStateException.class, () -> sink.accept(record(0, 1)));
    }

    @Test
    void anInterruptedProducerStillDeliversItsRecordAndKeepsTheFlag() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultSink sink = new ResultSink(out, 1);
        AtomicBoolean flagKept = new AtomicBoolean();
        Thread t = new Thread(() -> {
            Thread.currentThread().interrupt();
            for (int i = 0; i < 100; i++) {
                sink.accept(record(0, i));
            }
            flagKept.set(Thread.currentThread().isInterrupted());
        });
        t.start();
        t.join(TimeUnit.SECONDS.toMillis(20));
        sink.close();
        assertTrue(flagKept.get());
        assertEquals(100, sink.written());
    }

    @Test
    void aRecordTheSchemaCannotHoldIsRejectedInTheCallersThread() {
        ResultSink sink = new ResultSink(new ByteArrayOutputStream(), 4);
        ScanRecord noTimestamp = new ScanRecord(null, "127.0.0.1", 1, "tcp", null, null, Status.SUCCESS, null,
                null, 1, null, null, null, null, List.of());
        assertThrows(NullPointerException.class, () -> sink.accept(noTimestamp));
        sink.close();
        assertEquals(0, sink.written());
        assertTrue(sink.failure().isEmpty());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
