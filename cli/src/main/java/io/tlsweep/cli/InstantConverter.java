package io.tlsweep.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Moments as users type them for {@code --at}: {@code 2027-03-01} (midnight UTC),
 * {@code 2027-03-01T12:00:00} (UTC), {@code 2027-03-01T12:00:00Z} or with an offset
 * ({@code +02:00}).
 */
final class InstantConverter implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String value) {
        String v = value.trim();
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (v.endsWith("Z") || v.endsWith("z") || v.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(v.toUpperCase(java.util.Locale.ROOT)).toInstant();
            }
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("bad time '" + value
                    + "': use e.g. 2027-03-01, 2027-03-01T12:00:00Z or 2027-03-01T12:00:00+02:00");
        }
    }
}
