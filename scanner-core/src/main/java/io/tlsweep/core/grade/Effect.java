package io.tlsweep.core.grade;

import java.util.Set;

/**
 * What a rubric line does when its condition holds, parsed from the fourth column. Each kind of
 * line takes one form: {@code points:N} (score tables), {@code weight:CATEGORY=N}, {@code total:N},
 * {@code letter:X}, {@code cap:X} (X from A to F, or T), {@code bonus:A+}.
 *
 * @param type     the form
 * @param category for {@code weight}: "protocol", "kex" or "cipher"; else null
 * @param number   points, weight or total; 0 for the letter forms
 * @param letter   for {@code letter}, {@code cap} and {@code bonus}; else null
 */
record Effect(Type type, String category, int number, String letter) {

    enum Type { POINTS, WEIGHT, TOTAL, LETTER, CAP, BONUS }

    static final Set<String> CATEGORIES = Set.of("protocol", "kex", "cipher");

    /** The form a line of {@code kind} must use. */
    static Type typeFor(RuleKind kind) {
        return switch (kind) {
            case PROTOCOL, KEX, CIPHER -> Type.POINTS;
            case WEIGHT -> Type.WEIGHT;
            case SCORE -> Type.TOTAL;
            case LETTER -> Type.LETTER;
            case CAP -> Type.CAP;
            case BONUS -> Type.BONUS;
        };
    }

    /** Parses {@code text}; an {@link IllegalArgumentException} says what is wrong. */
    static Effect parse(String text, RuleKind kind) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("effect '" + text + "' is not NAME:VALUE");
        }
        String name = text.substring(0, colon);
        String value = text.substring(colon + 1);
        Type expected = typeFor(kind);
        Type type = switch (name) {
            case "points" -> Type.POINTS;
            case "weight" -> Type.WEIGHT;
            case "total" -> Type.TOTAL;
            case "letter" -> Type.LETTER;
            case "cap" -> Type.CAP;
            case "bonus" -> Type.BONUS;
            default -> throw new IllegalArgumentException("unknown effect '" + name + "'");
        };
        if (type != expected) {
            throw new IllegalArgumentException("a " + kind.wire() + " rule takes effect "
                    + expected.name().toLowerCase() + ":..., not '" + text + "'");
        }
        return switch (type) {
            case POINTS, TOTAL -> new Effect(type, null, percent(value, text), null);
            case WEIGHT -> {
                int eq = value.indexOf('=');
                String category = eq < 0 ? value : value.substring(0, eq);
                if (eq < 0 || !CATEGORIES.contains(category)) {
                    throw new IllegalArgumentException("effect '" + text + "' is not weight:CATEGORY=N with CATEGORY in "
                            + CATEGORIES);
                }
                yield new Effect(type, category, percent(value.substring(eq + 1), text), null);
            }
            case LETTER -> new Effect(type, null, 0, letter(value, text, false));
            case CAP -> new Effect(type, null, 0, letter(value, text, true));
            case BONUS -> {
                if (!Letters.A_PLUS.equals(value)) {
                    throw new IllegalArgumentException("the only bonus is bonus:A+, not '" + text + "'");
                }
                yield new Effect(type, null, 0, value);
            }
        };
    }

    private static int percent(String value, String text) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("effect '" + text + "' needs a whole number");
        }
        if (n < 0 || n > 100) {
            throw new IllegalArgumentException("effect '" + text + "' is outside 0-100");
        }
        return n;
    }

    private static String letter(String value, String text, boolean trustAllowed) {
        if (Letters.isAtoF(value) || (trustAllowed && Letters.TRUST.equals(value))) {
            return value;
        }
        throw new IllegalArgumentException("effect '" + text + "' names no letter (A-F" + (trustAllowed ? " or T" : "") + ")");
    }
}
