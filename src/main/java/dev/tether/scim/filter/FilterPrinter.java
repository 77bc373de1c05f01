package dev.tether.scim.filter;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Canonical filter text: lower-case operators, JSON literals, and every {@code and}/{@code or}
 * in parentheses so that no precedence rule is needed to read it back.
 */
public final class FilterPrinter {

    private FilterPrinter() {
    }

    public static String print(Filter filter) {
        StringBuilder sb = new StringBuilder();
        append(sb, filter);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Filter filter) {
        if (filter instanceof Filter.Comparison c) {
            sb.append(c.path()).append(' ').append(c.op().token()).append(' ');
            appendValue(sb, c.value());
        } else if (filter instanceof Filter.Present p) {
            sb.append(p.path()).append(" pr");
        } else if (filter instanceof Filter.And a) {
            sb.append('(');
            append(sb, a.left());
            sb.append(" and ");
            append(sb, a.right());
            sb.append(')');
        } else if (filter instanceof Filter.Or o) {
            sb.append('(');
            append(sb, o.left());
            sb.append(" or ");
            append(sb, o.right());
            sb.append(')');
        } else if (filter instanceof Filter.Not n) {
            sb.append("not (");
            append(sb, n.inner());
            sb.append(')');
        } else if (filter instanceof Filter.ValuePath v) {
            sb.append(v.attribute()).append('[');
            append(sb, v.inner());
            sb.append(']');
        } else {
            throw new IllegalArgumentException("unknown filter node " + filter.getClass());
        }
    }

    static void appendValue(StringBuilder sb, JsonNode value) {
        if (value.isTextual()) {
            sb.append('"');
            sb.append(JsonStringEncoder.getInstance().quoteAsString(value.textValue()));
            sb.append('"');
        } else if (value.isIntegralNumber()) {
            sb.append(value.bigIntegerValue());
        } else if (value.isNumber()) {
            // BigDecimal.toString keeps the scale ("1.50", "1E+3"), so it parses back equal.
            sb.append(value.decimalValue());
        } else if (value.isBoolean()) {
            sb.append(value.booleanValue());
        } else {
            sb.append("null");
        }
    }
}
