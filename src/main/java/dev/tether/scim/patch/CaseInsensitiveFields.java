package dev.tether.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Field access on JSON objects by SCIM attribute name, which is case-insensitive (RFC 7643 §2.1).
 * Writes always use the canonical name and drop any other spelling, so the stored document ends up
 * with exactly one key per attribute.
 */
final class CaseInsensitiveFields {

    private CaseInsensitiveFields() {
    }

    /** The key under which {@code name} is stored, or null. The exact spelling wins over other cases. */
    static String key(ObjectNode object, String name) {
        if (object.has(name)) {
            return name;
        }
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (k.equalsIgnoreCase(name)) {
                return k;
            }
        }
        return null;
    }

    /** The value stored under {@code name} in any case; null when absent or JSON null. */
    static JsonNode get(ObjectNode object, String name) {
        String k = key(object, name);
        JsonNode v = k == null ? null : object.get(k);
        return v == null || v.isNull() ? null : v;
    }

    /** Sets the value under the canonical name, keeping the key's position when it is already canonical. */
    static void put(ObjectNode object, String canonicalName, JsonNode value) {
        List<String> otherSpellings = new ArrayList<>();
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (k.equalsIgnoreCase(canonicalName) && !k.equals(canonicalName)) {
                otherSpellings.add(k);
            }
        }
        object.remove(otherSpellings);
        object.set(canonicalName, value);
    }

    /** Removes every spelling of {@code name}; true when something was there. */
    static boolean remove(ObjectNode object, String name) {
        List<String> doomed = new ArrayList<>();
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (k.equalsIgnoreCase(name)) {
                doomed.add(k);
            }
        }
        object.remove(doomed);
        return !doomed.isEmpty();
    }
}
