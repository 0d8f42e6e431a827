package io.tlsweep.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * The reason part of an I/O error, as a user should read it. Java's file exceptions often carry only
 * the path as their message ("cannot write 'x': x" says nothing), and the real reason sits in
 * {@link FileSystemException#getReason()} or in the exception's type.
 */
final class IoMessages {

    private IoMessages() {
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return ErrorReporting.oneLine(f.getReason());
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : ErrorReporting.oneLine(message);
    }
}
