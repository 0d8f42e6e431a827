package io.tlsweep.core.resume;

/** A checkpoint file that cannot be read as one: not a checkpoint, damaged, or edited. */
public final class CheckpointFormatException extends Exception {

    public CheckpointFormatException(String message) {
        super(message, null, false, false);
    }
}
