package io.tlsweep.core.target;

import io.tlsweep.core.BadInputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads a token list ({@code -iL FILE}, {@code -} for stdin, {@code --exclude-file}): tokens
 * separated by line breaks or spaces; blank lines and {@code #} comments, whole-line or trailing,
 * are ignored. A bad token's message gets a {@code file:line: } prefix. Streamed line by line,
 * so a long list costs only what its parsed tokens cost.
 */
final class TokenListReader {

    private TokenListReader() {
    }

    /** @param what "target" or "exclude", for the cannot-read message */
    static void read(Path file, String what, Consumer<String> sink) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            read(reader, file.toString(), sink);
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException("cannot read " + what + " file '" + file + "': " + reason(e));
        }
    }

    /** Reads to the end; does not close the stream (it may be stdin). */
    static void read(InputStream in, String name, String what, Consumer<String> sink) {
        try {
            read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder())), name, sink);
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException("cannot read " + what + " list '" + name + "': " + reason(e));
        }
    }

    private static void read(BufferedReader reader, String name, Consumer<String> sink) throws IOException {
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            for (String token : content.split("\\s+")) {
                try {
                    sink.accept(token);
                } catch (BadInputException e) {
                    throw new BadInputException(name + ":" + number + ": " + e.getMessage());
                }
            }
        }
    }

    private static String reason(Exception e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (cause instanceof NoSuchFileException) {
            return "No such file";
        }
        if (cause instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (cause instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message.replace('\n', ' ');
    }
}
