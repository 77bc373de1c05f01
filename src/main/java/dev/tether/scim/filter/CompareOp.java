package dev.tether.scim.filter;

import java.util.Locale;
import java.util.Optional;

/** The comparison operators of RFC 7644 §3.4.2.2 ({@code pr} is {@link Filter.Present}). */
public enum CompareOp {
    EQ, NE, CO, SW, EW, GT, GE, LT, LE;

    /** The operator as written in a filter (lower case). */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Operators are case-insensitive on the wire ("EQ", "Eq"). */
    public static Optional<CompareOp> fromToken(String token) {
        for (CompareOp op : values()) {
            if (op.name().equalsIgnoreCase(token)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    /** gt, ge, lt, le: the operators that need an ordering of the attribute's type. */
    public boolean isOrdering() {
        return this == GT || this == GE || this == LT || this == LE;
    }

    /** co, sw, ew: the operators only defined on strings. */
    public boolean isSubstring() {
        return this == CO || this == SW || this == EW;
    }
}
