package dev.tether.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * One element of a PatchOp's {@code Operations} (RFC 7644 §3.5.2).
 *
 * @param op    what to do
 * @param path  the raw path text, or null when the operation has none
 * @param value the value, or null when the operation has none (JSON null is normalised to null)
 */
public record PatchOperation(Op op, String path, JsonNode value) {

    public PatchOperation {
        if (op == null) {
            throw new IllegalArgumentException("op is required");
        }
        if (value != null && value.isNull()) {
            value = null;
        }
    }

    public static PatchOperation add(String path, JsonNode value) {
        return new PatchOperation(Op.ADD, path, value);
    }

    public static PatchOperation replace(String path, JsonNode value) {
        return new PatchOperation(Op.REPLACE, path, value);
    }

    public static PatchOperation remove(String path) {
        return new PatchOperation(Op.REMOVE, path, null);
    }

    /** The parsed path, or null when there is none. */
    public PatchPath parsedPath() {
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

        /** Case-insensitive, because Entra sends "Add", "Replace", "Remove". */
        public static Op fromWire(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            for (Op o : values()) {
                if (o.wireName.equals(lower)) {
                    return o;
                }
            }
            throw PatchException.invalidSyntax("unknown op \"" + name + "\"; expected add, remove or replace");
        }
    }
}
