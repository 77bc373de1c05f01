package dev.tether.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * A JSON value as it comes back from a PostgreSQL {@code jsonb} column read with Jackson
 * ({@link Jdbc#readJson}), worked out without the round trip, so a write can answer from memory
 * exactly what a later read of its row answers:
 * <ul>
 * <li>object members in jsonb's order: shorter names first (in UTF-8 bytes), then bytewise. A
 *     repeated name has already kept its last value, in Jackson as in jsonb;</li>
 * <li>numbers as jsonb's {@code numeric} prints the text Jackson wrote: never an exponent, every
 *     digit kept ({@code 1.0E7} is {@code 10000000}, {@code 1.0E-4} is {@code 0.00010}, {@code -0.0}
 *     is {@code 0.0}), then read as Jackson reads that text (no fraction: an integer, else a
 *     double).</li>
 * </ul>
 * Strings, booleans and null are kept as they are.
 */
public final class JsonbForm {

    private JsonbForm() {
    }

    public static ObjectNode of(ObjectNode object) {
        return (ObjectNode) of((JsonNode) object);
    }

    public static JsonNode of(JsonNode value) {
        if (value.isObject()) {
            return object(value);
        }
        if (value.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(value.size());
            value.forEach(item -> out.add(of(item)));
            return out;
        }
        if (value.isFloatingPointNumber()) {
            return number(value);
        }
        return value;
    }

    private record Member(byte[] name, String key, JsonNode value) {
    }

    private static ObjectNode object(JsonNode value) {
        Member[] members = new Member[value.size()];
        int i = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            members[i++] = new Member(field.getKey().getBytes(StandardCharsets.UTF_8), field.getKey(), field.getValue());
        }
        // jsonb's key order (lengthCompareJsonbStringValue): length first, then memcmp
        Arrays.sort(members, (a, b) -> a.name.length != b.name.length ? Integer.compare(a.name.length, b.name.length)
                : Arrays.compareUnsigned(a.name, b.name));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Member m : members) {
            out.set(m.key, of(m.value));
        }
        return out;
    }

    private static JsonNode number(JsonNode value) {
        if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
            return value; // not JSON at all: PostgreSQL refuses it before anyone sees it
        }
        // the text the value is written as (asText is the generator's own number text), as numeric keeps it
        BigDecimal stored = new BigDecimal(value.asText());
        if (stored.scale() <= 0) {
            return integer(stored.toBigIntegerExact());
        }
        return DoubleNode.valueOf(Double.parseDouble(stored.toPlainString()));
    }

    /** The smallest node Jackson reads digits into. */
    private static JsonNode integer(BigInteger digits) {
        if (digits.bitLength() < Integer.SIZE) {
            return IntNode.valueOf(digits.intValue());
        }
        if (digits.bitLength() < Long.SIZE) {
            return LongNode.valueOf(digits.longValue());
        }
        return BigIntegerNode.valueOf(digits);
    }
}
