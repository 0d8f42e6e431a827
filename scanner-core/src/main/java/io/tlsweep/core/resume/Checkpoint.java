package io.tlsweep.core.resume;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;

/**
 * What {@code --resume FILE} stores about a scan, and its text form.
 *
 * <pre>
 * tlsweep checkpoint 1
 * fingerprint 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 * seed 42
 * output /home/me/scan.ndjson
 * state running
 * preamble written
 * next 1200
 * written 1202-1240,1251
 * records 2390
 * output_bytes 1873311
 * crc32 1c291ca3
 * </pre>
 *
 * <p>Lines in this order, {@code key value}, ending in {@code \n}; {@code crc32} covers every byte
 * before its line. {@code next}: every plan unit below it has its records in the first
 * {@code output_bytes} bytes of the output; {@code written}: the units at or above it that do too.
 * Anything else (another order, a bad number, a bad checksum) is a {@link CheckpointFormatException}.
 *
 * @param fingerprint what identifies the scan (the CLI's digest of plan layout and options), hex
 * @param seed        the seed of the plan's order
 * @param output      the output file's absolute path
 * @param complete    the scan ran to its end: nothing is left to probe
 * @param progress    what is written
 */
public record Checkpoint(String fingerprint, long seed, String output, boolean complete,
                         WrittenLedger.Progress progress) {

    static final String MAGIC = "tlsweep checkpoint 1";
    /** A checkpoint larger than this is not one of ours (the written set is a few ranges). */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    public Checkpoint {
        if (!fingerprint.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("fingerprint must be 64 hex digits");
        }
        if (output.isEmpty() || output.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("output path empty or with control characters");
        }
    }

    /** The text form, UTF-8. */
    public byte[] encode() {
        WrittenLedger.Progress p = progress;
        String body = MAGIC + "\n"
                + "fingerprint " + fingerprint + "\n"
                + "seed " + seed + "\n"
                + "output " + output + "\n"
                + "state " + (complete ? "complete" : "running") + "\n"
                + "preamble " + (p.preambleWritten() ? "written" : "pending") + "\n"
                + "next " + p.next() + "\n"
                + "written " + p.written() + "\n"
                + "records " + p.records() + "\n"
                + "output_bytes " + p.outputBytes() + "\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return (body + "crc32 " + crcHex(bytes, bytes.length) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Parses {@link #encode()}'s form; never throws anything but {@link CheckpointFormatException}. */
    public static Checkpoint decode(byte[] data) throws CheckpointFormatException {
        if (data.length > MAX_BYTES) {
            throw new CheckpointFormatException("larger than " + MAX_BYTES + " bytes: not a tlsweep checkpoint");
        }
        List<int[]> lines = lineSpans(data);
        String first = lines.isEmpty() ? "" : text(data, lines.get(0));
        if (!first.equals(MAGIC)) {
            throw new CheckpointFormatException(first.startsWith("tlsweep checkpoint ")
                    ? "written by another version of tlsweep ('" + clip(first) + "')" : "not a tlsweep checkpoint");
        }
        String[] keys = {"fingerprint", "seed", "output", "state", "preamble", "next", "written", "records",
            "output_bytes", "crc32"};
        if (lines.size() != keys.length + 1) {
            throw new CheckpointFormatException("damaged: " + lines.size() + " lines instead of " + (keys.length + 1));
        }
        String[] values = new String[keys.length];
        for (int k = 0; k < keys.length; k++) {
            String line = text(data, lines.get(k + 1));
            if (!line.startsWith(keys[k] + " ")) {
                throw new CheckpointFormatException("damaged: line " + (k + 2) + " should start with '" + keys[k]
                        + "', found '" + clip(line) + "'");
            }
            values[k] = line.substring(keys[k].length() + 1);
        }
        int crcLine = lines.get(keys.length)[0];
        if (!values[9].equals(crcHex(data, crcLine))) {
            throw new CheckpointFormatException("damaged: checksum mismatch (the file was changed or cut short)");
        }
        if (!values[0].matches("[0-9a-f]{64}")) {
            throw new CheckpointFormatException("damaged: bad fingerprint");
        }
        long seed = number("seed", values[1], Long.MIN_VALUE);
        String output = values[2];
        if (output.isEmpty() || output.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new CheckpointFormatException("damaged: bad output path");
        }
        boolean complete = choice("state", values[3], "complete", "running");
        boolean preamble = choice("preamble", values[4], "written", "pending");
        long next = number("next", values[5], 0);
        WrittenRanges written = ranges(values[6], next);
        long records = number("records", values[7], 0);
        long bytes = number("output_bytes", values[8], 0);
        if (records > bytes) {
            throw new CheckpointFormatException("damaged: " + records + " records in " + bytes + " bytes");
        }
        return new Checkpoint(values[0], seed, output, complete,
                new WrittenLedger.Progress(preamble, next, written, records, bytes));
    }

    private static List<int[]> lineSpans(byte[] data) throws CheckpointFormatException {
        List<int[]> spans = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                spans.add(new int[]{start, i});
                start = i + 1;
                if (spans.size() > 12) {
                    break; // too many lines either way; no need to look further
                }
            }
        }
        if (start < data.length && spans.size() <= 12) {
            if (spans.isEmpty()) {
                spans.add(new int[]{0, Math.min(data.length, 64)}); // first line without \n: let the magic check say
                return spans;
            }
            throw new CheckpointFormatException("damaged: the last line does not end in a line break (cut short?)");
        }
        return spans;
    }

    private static String text(byte[] data, int[] span) {
        return new String(data, span[0], span[1] - span[0], StandardCharsets.UTF_8);
    }

    private static long number(String key, String value, long min) throws CheckpointFormatException {
        if (!value.matches("-?[0-9]{1,19}")) {
            throw new CheckpointFormatException("damaged: bad " + key + " '" + clip(value) + "'");
        }
        try {
            long n = Long.parseLong(value);
            if (n < min) {
                throw new CheckpointFormatException("damaged: " + key + " " + n + " below " + min);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new CheckpointFormatException("damaged: bad " + key + " '" + clip(value) + "'");
        }
    }

    private static boolean choice(String key, String value, String yes, String no) throws CheckpointFormatException {
        if (value.equals(yes)) {
            return true;
        }
        if (value.equals(no)) {
            return false;
        }
        throw new CheckpointFormatException("damaged: bad " + key + " '" + clip(value) + "'");
    }

    /** {@code a-b,c,...}, increasing, every position above {@code next}. */
    private static WrittenRanges ranges(String value, long next) throws CheckpointFormatException {
        WrittenRanges.Builder b = new WrittenRanges.Builder();
        if (value.isEmpty()) {
            return b.build();
        }
        long previous = next; // a range must start above next (next itself is unwritten by definition)
        for (String item : value.split(",", -1)) {
            int dash = item.indexOf('-');
            long first = number("written", dash < 0 ? item : item.substring(0, dash), 0);
            long last = dash < 0 ? first : number("written", item.substring(dash + 1), 0);
            if (first <= previous || last < first) {
                throw new CheckpointFormatException("damaged: written range '" + clip(item) + "' out of order");
            }
            b.add(first, last);
            previous = last + 1; // adjacent ranges are written as one
        }
        return b.build();
    }

    private static String crcHex(byte[] data, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, 0, length);
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    private static String clip(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder b = new StringBuilder();
        shown.codePoints().forEach(c -> b.append(c < 0x20 || c == 0x7f ? '?' : Character.toString(c)));
        return b.toString();
    }
}
