package io.tlsweep.cli;

import io.tlsweep.core.BadInputException;
import io.tlsweep.core.resume.Checkpoint;
import io.tlsweep.core.resume.CheckpointFile;
import io.tlsweep.core.resume.CheckpointFormatException;
import io.tlsweep.core.target.TargetPlan;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code --resume FILE}: the checkpoint file, what it held when the command started, and the checks
 * that keep a resumed scan the same scan. Every refusal is a {@link BadInputException} (exit 2, one
 * line).
 *
 * <ol>
 *   <li>{@link #open}: reads the checkpoint if it exists (a damaged one is refused) and checks the
 *       options that must go with it ({@code -o}, no {@code --dry-run}, the same {@code --seed}).</li>
 *   <li>{@link #seed()}: the checkpoint's seed, so the plan's order is the one it recorded.</li>
 *   <li>{@link #fingerprint(TargetPlan)} and {@link #checkSameScan}: the plan's layout and the
 *       mode options must be those of the checkpoint.</li>
 *   <li>{@link #createOutput()} for a fresh scan, or {@link #reopenOutput(long)}: the output cut
 *       back to what the checkpoint accounts for.</li>
 * </ol>
 */
final class Resume {

    private final CheckpointFile file;
    private final Path output;
    private final Checkpoint previous;
    private final String modeOptions;
    private final Duration every;

    private Resume(CheckpointFile file, Path output, Checkpoint previous, String modeOptions, Duration every) {
        this.file = file;
        this.output = output;
        this.previous = previous;
        this.modeOptions = modeOptions;
        this.every = every;
    }

    /**
     * @param checkpoint  the {@code --resume} file
     * @param output      {@code -o}, or null for standard output (refused)
     * @param seedOption  {@code --seed}, or null
     * @param modeOptions the options that change what a probe does ({@code --starttls}, ...), as text
     * @param every       how often to checkpoint during the scan
     */
    static Resume open(Path checkpoint, Path output, boolean dryRun, Long seedOption, String modeOptions,
                       Duration every) {
        if (dryRun) {
            throw new BadInputException("--resume does not go with --dry-run, which probes nothing");
        }
        if (output == null) {
            throw new BadInputException("--resume needs -o FILE: on resume the output is cut back to the last "
                    + "checkpoint and continued, which standard output cannot be");
        }
        Path out = output.toAbsolutePath().normalize();
        CheckpointFile file = new CheckpointFile(checkpoint.toAbsolutePath().normalize());
        if (file.path().equals(out)) {
            throw new BadInputException("--resume '" + checkpoint + "' is the output file; give the checkpoint its own file");
        }
        Checkpoint previous;
        try {
            previous = file.read().orElse(null);
        } catch (CheckpointFormatException e) {
            throw new BadInputException("bad checkpoint '" + checkpoint + "': " + e.getMessage());
        } catch (IOException e) {
            throw new BadInputException("cannot read checkpoint '" + checkpoint + "': " + IoMessages.reason(e));
        }
        if (previous != null) {
            if (!previous.output().equals(out.toString())) {
                throw new BadInputException("checkpoint '" + checkpoint + "' belongs to output '" + previous.output()
                        + "', not '" + out + "': give -o " + previous.output());
            }
            if (seedOption != null && seedOption != previous.seed()) {
                throw new BadInputException("--seed " + seedOption + " differs from the seed " + previous.seed()
                        + " in checkpoint '" + checkpoint + "' (omit --seed to use it)");
            }
        }
        return new Resume(file, out, previous, modeOptions, every);
    }

    /** The checkpoint as the command found it, or empty for a fresh scan. */
    Optional<Checkpoint> previous() {
        return Optional.ofNullable(previous);
    }

    /** The seed recorded in the checkpoint, or null for a fresh scan (then --seed or a random one). */
    Long seed() {
        return previous == null ? null : previous.seed();
    }

    CheckpointFile file() {
        return file;
    }

    /** The output file, absolute. */
    Path output() {
        return output;
    }

    Duration every() {
        return every;
    }

    /**
     * What makes a scan the same scan: the plan's layout (targets after exclusion and DNS, ports,
     * transports, SNI variants, shard), its seed, and the options that change what each probe does.
     * Rate, concurrency, timeouts and retries may change between runs.
     */
    String fingerprint(TargetPlan plan) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            String text = "tlsweep-scan 1\nplan " + plan.layoutDigest() + "\nseed " + plan.seed() + "\n" + modeOptions;
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Refuses to continue a checkpoint of another scan. */
    void checkSameScan(String fingerprint) {
        if (previous != null && !previous.fingerprint().equals(fingerprint)) {
            throw new BadInputException("checkpoint '" + file.path() + "' is of another scan: the targets (or what they "
                    + "resolve to), ports, exclusions, SNI, shard or mode options differ; use a new checkpoint file");
        }
    }

    /** A fresh scan's output: created or emptied. */
    FileChannel createOutput() {
        try {
            return FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new BadInputException("cannot write output file '" + output + "': " + IoMessages.reason(e));
        }
    }

    /**
     * The output of a resumed scan, cut back to the {@code bytes} the checkpoint accounts for and
     * positioned at its end: lines written after the checkpoint are dropped and written again.
     */
    FileChannel reopenOutput(long bytes) {
        FileChannel ch;
        try {
            ch = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new BadInputException("cannot write output file '" + output + "': " + IoMessages.reason(e));
        }
        try {
            long size = ch.size();
            if (size < bytes || (bytes > 0 && !endsLine(ch, bytes))) {
                throw new BadInputException("output file '" + output + "' does not hold the " + bytes + " bytes of records"
                        + " checkpoint '" + file.path() + "' accounts for (it has " + size + "): it was changed since");
            }
            ch.truncate(bytes);
            ch.position(bytes);
            return ch;
        } catch (IOException | RuntimeException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the first error is the one to report
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new BadInputException("cannot resume output file '" + output + "': " + IoMessages.reason((IOException) e));
        }
    }

    private static boolean endsLine(FileChannel ch, long bytes) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        return ch.read(last, bytes - 1) == 1 && last.get(0) == '\n';
    }
}
