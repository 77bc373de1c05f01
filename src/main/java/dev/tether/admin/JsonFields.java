package dev.tether.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads fields of open-ended JSON bodies (AuthZEN questions, action reports) that do not bind to
 * a record: a missing or mistyped field is a 400 whose pointer says where.
 */
final class JsonFields {

    private JsonFields() {
    }

    static ObjectNode requiredObject(ObjectNode from, String field, String at) {
        ObjectNode o = optionalObject(from, field, at);
        if (o == null) {
            throw AdminProblemException.badField(at + "/" + field, "\"" + field + "\" is required");
        }
        return o;
    }

    static ObjectNode optionalObject(ObjectNode from, String field, String at) {
        JsonNode node = from.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw AdminProblemException.badField(at + "/" + field, "\"" + field + "\" must be a JSON object");
        }
        return (ObjectNode) node;
    }

    static String text(ObjectNode from, String field, String at, boolean required) {
        JsonNode node = from.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw AdminProblemException.badField(at + "/" + field, "\"" + field + "\" is required");
            }
            return null;
        }
        if (!node.isTextual() || (required && node.asText().isEmpty())) {
            throw AdminProblemException.badField(at + "/" + field, "\"" + field + "\" must be a non-empty string");
        }
        return node.asText();
    }
}
