package io.tlsweep.core.resume;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Reads and atomically replaces a checkpoint file: the new text goes to {@code FILE.tmp}, is
 * forced to disk, and is renamed over {@code FILE} (then the directory is forced), so a crash or
 * {@code kill -9} at any moment leaves either the old checkpoint or the new one, never a mix.
 */
public final class CheckpointFile {

    private final Path file;
    private final Path temp;

    public CheckpointFile(Path file) {
        this.file = file.toAbsolutePath();
        this.temp = this.file.resolveSibling(this.file.getFileName() + ".tmp");
    }

    public Path path() {
        return file;
    }

    /**
     * The checkpoint, or empty when the file does not exist.
     *
     * @throws CheckpointFormatException when it exists but is not a readable checkpoint
     * @throws IOException when it cannot be read
     */
    public Optional<Checkpoint> read() throws IOException, CheckpointFormatException {
        byte[] data;
        try (InputStream in = Files.newInputStream(file)) {
            data = in.readNBytes(Checkpoint.MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(Checkpoint.decode(data));
    }

    /** Replaces the file with {@code checkpoint}, durably (see the class comment). */
    public void write(Checkpoint checkpoint) throws IOException {
        byte[] data = checkpoint.encode();
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory();
    }

    /** Makes the rename itself durable; some file systems cannot open a directory, which is then skipped. */
    private void forceDirectory() {
        Path dir = file.getParent();
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the rename is atomic either way, only its durability on power loss is at stake
        }
    }
}
