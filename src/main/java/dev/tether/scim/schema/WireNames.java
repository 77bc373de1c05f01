package dev.tether.scim.schema;

import java.util.function.Function;

/** Looks up the enum constant whose schema-document spelling matches, case-insensitively. */
final class WireNames {

    private WireNames() {
    }

    static <E extends Enum<E>> E lookup(Class<E> type, String name, Function<E, String> wireName) {
        for (E constant : type.getEnumConstants()) {
            if (wireName.apply(constant).equalsIgnoreCase(name)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName() + ": " + name);
    }
}
