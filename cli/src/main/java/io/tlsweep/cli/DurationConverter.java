package io.tlsweep.cli;

import picocli.CommandLine.TypeConversionException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;

/** Durations as users type them: {@code 500ms}, {@code 5s}, {@code 2m}, or a bare number of seconds. */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)?");

    @Override
    public Duration convert(String value) {
        Matcher m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("bad duration '" + value + "': use e.g. 500ms, 5s, 2m");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            default -> amount * 1000;
        };
        if (millis < 1 || millis > 3_600_000) {
            throw new TypeConversionException("bad duration '" + value + "': must be between 1ms and 1h");
        }
        return Duration.ofNanos((long) (millis * 1e6));
    }
}
