package dev.tether.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.platform.Sha256;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The RFC 8785 (JSON Canonicalization Scheme) form of a JSON value: no whitespace, object
 * members sorted by the UTF-16 code units of their names, strings with minimal escaping,
 * numbers as ECMAScript's Number.prototype.toString writes the IEEE-754 double. Everything
 * the audit chain hashes or signs goes through here, so an outside verifier can recompute it
 * with any conforming implementation. Uses only Jackson, the JDK and platform's SHA-256: the
 * standalone verifier runs it too.
 */
public final class CanonicalJson {

    /** 2^53: below it every integer is exactly a double. */
    private static final double EXACT_INTEGERS = 9007199254740992.0;

    private CanonicalJson() {
    }

    public static String canonicalize(JsonNode value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    public static byte[] canonicalBytes(JsonNode value) {
        return canonicalize(value).getBytes(StandardCharsets.UTF_8);
    }

    /** Lower-case hex SHA-256 of the canonical UTF-8 bytes: the digest of a document. */
    public static String sha256Hex(JsonNode value) {
        // the thread's own digest: every audit record of a user write hashes two documents
        return HexFormat.of().formatHex(Sha256.of(canonicalize(value)));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isNumber()) {
            out.append(number(node.doubleValue()));
        } else if (node.isTextual()) {
            string(node.textValue(), out);
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
            // String.compareTo compares UTF-16 code units, exactly what RFC 8785 §3.2.3 asks.
            members.sort(Map.Entry.comparingByKey());
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> member : members) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(member.getKey(), out);
                out.append(':');
                write(member.getValue(), out);
            }
            out.append('}');
        } else {
            throw new IllegalArgumentException("not representable in JSON: " + node.getNodeType());
        }
    }

    /**
     * RFC 8785 §3.2.2.2: escape only '"', '\' and U+0000..U+001F; lone surrogates are not JSON text.
     * Runs of characters that need no escape are copied whole: a user document is mostly such runs,
     * and copying them one character at a time was more than half of an audit digest's cost.
     */
    static void string(String s, StringBuilder out) {
        out.append('"');
        int unwritten = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a pair is written as it is, with the run it belongs to
                continue;
            }
            out.append(s, unwritten, i);
            unwritten = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isSurrogate(c)) {
                        throw new IllegalArgumentException("lone surrogate in string");
                    }
                    out.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        out.append(s, unwritten, s.length());
        out.append('"');
    }

    /**
     * ECMAScript Number::toString (ECMA-262 7.1.12.1). The shortest digits that read back as the
     * same double are found with BigDecimal, since Java 17's Double.toString is not always shortest.
     */
    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("NaN and Infinity are not JSON numbers");
        }
        if (d == 0) {
            return "0"; // also -0
        }
        if (Math.abs(d) < EXACT_INTEGERS && d == Math.rint(d)) {
            // every integer below 2^53 is a double of its own, so its shortest round-trip digits are all of its digits
            return Long.toString((long) d);
        }
        String sign = d < 0 ? "-" : "";
        BigDecimal exact = new BigDecimal(Math.abs(d));
        BigDecimal shortest = null;
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == Math.abs(d)) {
                shortest = candidate;
                break;
            }
        }
        if (shortest == null) {
            shortest = exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        // value = 0.digits × 10^n, in ECMA-262's terms
        int n = k - shortest.scale();
        StringBuilder out = new StringBuilder(sign);
        if (k <= n && n <= 21) {
            out.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            int e = n - 1;
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return out.toString();
    }
}
