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

    /** The value itself when it is in that form already (a document built in jsonb's order, say), else a copy. */
    public static JsonNode of(JsonNode value) {
        return inForm(value) ? value : rebuilt(value);
    }

    private static boolean inForm(JsonNode value) {
        if (value.isObject()) {
            String previous = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (previous != null && compareNames(previous, field.getKey()) >= 0) {
                    return false;
                }
                if (!inForm(field.getValue())) {
                    return false;
                }
                previous = field.getKey();
            }
            return true;
        }
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!inForm(item)) {
                    return false;
                }
            }
            return true;
        }
        return !value.isFloatingPointNumber() || number(value).equals(value);
    }

    /** jsonb's order of member names; for ASCII names, UTF-16 order is byte order. */
    private static int compareNames(String a, String b) {
        if (ascii(a) && ascii(b)) {
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        return compareBytes(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    // lengthCompareJsonbStringValue: length first, then memcmp
    private static int compareBytes(byte[] a, byte[] b) {
        return a.length != b.length ? Integer.compare(a.length, b.length) : Arrays.compareUnsigned(a, b);
    }

    private static JsonNode rebuilt(JsonNode value) {
        if (value.isObject()) {
            return object(value);
        }
        if (value.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(value.size());
            value.forEach(item -> out.add(rebuilt(item)));
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
        Arrays.sort(members, (a, b) -> compareBytes(a.name, b.name));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Member m : members) {
            out.set(m.key, rebuilt(m.value));
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
