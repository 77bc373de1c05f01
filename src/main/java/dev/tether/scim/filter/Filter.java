package dev.tether.scim.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.tether.scim.schema.AttributePath;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A parsed SCIM filter (RFC 7644 §3.4.2.2). Records give value equality, so a filter can be
 * compared, cached or used as a map key. {@code toString()} is the canonical filter text,
 * which {@link FilterParser} reads back to an equal filter.
 *
 * <p>A value path followed by a sub-attribute ({@code emails[type eq "work"].value eq "x"})
 * has no node of its own: the parser rewrites it into a {@link ValuePath} whose inner filter
 * also carries the comparison, which means the same thing ("some work email has value x").
 */
public sealed interface Filter {

    /** {@code path op value}. The value is a TextNode, BooleanNode, numeric node or NullNode. */
    record Comparison(AttributePath path, CompareOp op, JsonNode value) implements Filter {
        public Comparison {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(op, "op");
            value = normalise(value);
        }

        @Override
        public String toString() {
            return FilterPrinter.print(this);
        }
    }

    /** {@code path pr}. */
    record Present(AttributePath path) implements Filter {
        public Present {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return FilterPrinter.print(this);
        }
    }

    record And(Filter left, Filter right) implements Filter {
        public And {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public String toString() {
            return FilterPrinter.print(this);
        }
    }

    record Or(Filter left, Filter right) implements Filter {
        public Or {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public String toString() {
            return FilterPrinter.print(this);
        }
    }

    record Not(Filter inner) implements Filter {
        public Not {
            Objects.requireNonNull(inner, "inner");
        }

        @Override
        public String toString() {
            return FilterPrinter.print(this);
        }
    }

    /**
     * {@code attribute[inner]}: some element of the (multi-valued, complex) attribute matches
     * {@code inner}, whose paths name sub-attributes of that element.
     */
    record ValuePath(AttributePath attribute, Filter inner) implements Filter {
        public ValuePath {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(inner, "inner");
        }

        @Override
        public String toString() {
            return FilterPrinter.print(this);
        }
    }

    /**
     * One representation per number, so that equal numbers give equal filters whichever node
     * class a caller built them with: int, long, BigInteger for integers, BigDecimal otherwise.
     */
    private static JsonNode normalise(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return NullNode.getInstance();
        }
        if (!value.isNumber()) {
            return value;
        }
        BigDecimal d = value.decimalValue();
        // A decimal of scale 0 ("1.5e1") prints as digits only and reads back as an integer.
        if (value.isIntegralNumber() || d.scale() == 0) {
            BigInteger i = value.isIntegralNumber() ? value.bigIntegerValue() : d.toBigIntegerExact();
            if (i.bitLength() < 32) {
                return IntNode.valueOf(i.intValue());
            }
            if (i.bitLength() < 64) {
                return LongNode.valueOf(i.longValue());
            }
            return BigIntegerNode.valueOf(i);
        }
        return DecimalNode.valueOf(d);
    }
}
