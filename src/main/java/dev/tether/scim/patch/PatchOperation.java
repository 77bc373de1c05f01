package dev.tether.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * One element of a PatchOp's {@code Operations} (RFC 7644 §3.5.2).
 *
 * @param op    what to do
 * @param path  the parsed path, or null when the operation has none
 * @param value the value, or null when the operation has none (JSON null is normalised to null)
 */
public record PatchOperation(Op op, PatchPath path, JsonNode value) {

    public PatchOperation {
        if (op == null) {
            throw new IllegalArgumentException("op is required");
        }
        if (value != null && value.isNull()) {
            value = null;
        }
    }

    /** An add; {@code path} is parsed with the default filter limits (null for none). */
    public static PatchOperation add(String path, JsonNode value) {
        return new PatchOperation(Op.ADD, parse(path), value);
    }

    /** A replace; {@code path} is parsed with the default filter limits (null for none). */
    public static PatchOperation replace(String path, JsonNode value) {
        return new PatchOperation(Op.REPLACE, parse(path), value);
    }

    /** A remove; {@code path} is parsed with the default filter limits. */
    public static PatchOperation remove(String path) {
        return remove(parse(path));
    }

    public static PatchOperation remove(PatchPath path) {
        return new PatchOperation(Op.REMOVE, path, null);
    }

    private static PatchPath parse(String path) {
        return path == null ? null : PatchPath.parse(path);
    }

    public enum Op {
        ADD("add"),
        REMOVE("remove"),
        REPLACE("replace");

        private final String wireName;

        Op(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** Case-insensitive, because Entra sends "Add", "Replace", "Remove" ({@link DialectRule#CAPITALISED_OPS}). */
        public static Op fromWire(String name) {
            return fromWire(name, true);
        }

        /** The op named; {@code anyCase} false accepts only the RFC 7644 spelling. */
        public static Op fromWire(String name, boolean anyCase) {
            String wanted = anyCase ? name.toLowerCase(Locale.ROOT) : name;
            for (Op o : values()) {
                if (o.wireName.equals(wanted)) {
                    return o;
                }
            }
            throw PatchException.invalidSyntax("unknown op \"" + name + "\"; expected add, remove or replace");
        }
    }
}
