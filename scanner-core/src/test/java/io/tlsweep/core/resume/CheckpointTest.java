package io.tlsweep.core.resume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint's text form and file: round trips, and every damaged or foreign file refused with its typed error. */
class CheckpointTest {

    private static final String FP = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @TempDir
    Path dir;

    static Checkpoint sample() {
        WrittenRanges written = new WrittenRanges.Builder().add(1202, 1240).add(1251, 1251).build();
        return new Checkpoint(FP, -42, "/tmp/out put.ndjson", false,
                new WrittenLedger.Progress(false, 1200, written, 2390, 1873311));
    }

    @Test
    void encodesAndDecodesEveryField() throws Exception {
        Checkpoint c = sample();
        String text = new String(c.encode(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("tlsweep checkpoint 1\nfingerprint " + FP + "\nseed -42\n"), text);
        assertTrue(text.contains("\nwritten 1202-1240,1251\n"), text);
        assertEquals(c, Checkpoint.decode(c.encode()));
        Checkpoint done = new Checkpoint(FP, 7, "/o", true, new WrittenLedger.Progress(true, 9, WrittenRanges.EMPTY, 0, 0));
        assertEquals(done, Checkpoint.decode(done.encode()));
    }

    @Test
    void refusesWhatIsNotACheckpointOrWasDamaged() {
        String good = new String(sample().encode(), StandardCharsets.UTF_8);
        assertMessage("not a tlsweep checkpoint", "{\"schema_version\":1}\n");
        assertMessage("not a tlsweep checkpoint", "");
        assertMessage("another version", good.replace("checkpoint 1", "checkpoint 2"));
        assertMessage("checksum", good.replace("seed -42", "seed -43"));
        assertMessage("cut short", good.substring(0, good.length() - 1));
        assertMessage("lines instead of", good.substring(0, good.indexOf("records ")));
        assertMessage("should start with 'seed'", good.replace("seed -42", "sead -42"));
    }

    private static void assertMessage(String part, String text) {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                () -> Checkpoint.decode(text.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    /** Fields that pass the checksum but make no sense are refused too (the checksum is recomputed here). */
    @Test
    void refusesInconsistentFieldsEvenWithAGoodChecksum() {
        for (String[] edit : new String[][]{{"next 1200", "next -1"}, {"written 1202-1240,1251", "written 1100-1240"},
                {"written 1202-1240,1251", "written 1251,1202-1240"}, {"written 1202-1240,1251", "written 1202-"},
                {"state running", "state half"}, {"records 2390", "records 99999999"},
                {"seed -42", "seed 99999999999999999999"}, {"output_bytes 1873311", "output_bytes x"}}) {
            String text = new String(sample().encode(), StandardCharsets.UTF_8);
            String body = text.substring(0, text.indexOf("crc32 ")).replace(edit[0], edit[1]);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(bytes);
            String fixed = body + "crc32 " + java.util.HexFormat.of().toHexDigits((int) crc.getValue()) + "\n";
            assertThrows(CheckpointFormatException.class, () -> Checkpoint.decode(fixed.getBytes(StandardCharsets.UTF_8)),
                    Arrays.toString(edit));
        }
    }

    /** Random bytes and random damage to a good file: the decoder only ever throws its own error. */
    @Test
    void randomInputNeverEscapesAsAnotherException() {
        Random random = new Random(20261130);
        byte[] good = sample().encode();
        for (int i = 0; i < 20_000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = new byte[random.nextInt(400)];
                random.nextBytes(input);
                if (i % 4 == 0) {
                    byte[] magic = "tlsweep checkpoint 1\n".getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(magic, 0, input, 0, Math.min(magic.length, input.length));
                }
            } else {
                input = good.clone();
                int edits = 1 + random.nextInt(3);
                for (int e = 0; e < edits; e++) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
                if (random.nextBoolean()) {
                    input = Arrays.copyOf(input, random.nextInt(input.length + 1));
                }
            }
            try {
                Checkpoint.decode(input);
            } catch (CheckpointFormatException expected) {
                // the only exception allowed
            }
        }
    }

    @Test
    void theFileIsReplacedWholeAndAMissingFileIsNoCheckpoint() throws Exception {
        CheckpointFile file = new CheckpointFile(dir.resolve("scan.checkpoint"));
        assertTrue(file.read().isEmpty());
        file.write(sample());
        assertEquals(sample(), file.read().orElseThrow());
        Checkpoint later = new Checkpoint(FP, -42, "/tmp/out put.ndjson", true,
                new WrittenLedger.Progress(true, 5000, WrittenRanges.EMPTY, 9000, 2_000_000));
        file.write(later);
        assertEquals(later, file.read().orElseThrow());
        assertArrayEquals(later.encode(), Files.readAllBytes(dir.resolve("scan.checkpoint")));
        assertFalse(Files.exists(dir.resolve("scan.checkpoint.tmp")), "the temporary file was renamed");
    }
}
