package dev.tether.scim.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tether.scim.schema.AttributePath;
import java.math.BigDecimal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class FilterRoundTripProperties {

    private static final FilterParser PARSER = new FilterParser(new FilterLimits(100_000, 64));

    @Property(tries = 300)
    void printedFiltersParseBackEqual(@ForAll("filters") Filter filter) {
        String text = FilterPrinter.print(filter);
        assertEquals(filter, PARSER.read(text), text);
        assertEquals(text, filter.toString());
    }

    @Provide
    Arbitrary<Filter> filters() {
        return filter(4, false);
    }

    private Arbitrary<Filter> filter(int depth, boolean inBracket) {
        Arbitrary<Filter> leaf = Arbitraries.oneOf(comparison(inBracket), present(inBracket));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Filter> sub = Arbitraries.lazy(() -> filter(depth - 1, inBracket));
        Arbitrary<Filter> and = Combinators.combine(sub, sub).as(Filter.And::new);
        Arbitrary<Filter> or = Combinators.combine(sub, sub).as(Filter.Or::new);
        Arbitrary<Filter> not = sub.map(Filter.Not::new);
        if (inBracket) {
            return Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(4, leaf), net.jqwik.api.Tuple.of(1, and), net.jqwik.api.Tuple.of(1, or),
                    net.jqwik.api.Tuple.of(1, not));
        }
        Arbitrary<Filter> valuePath = Combinators.combine(name(), filter(Math.min(depth - 1, 2), true))
                .as((n, inner) -> new Filter.ValuePath(AttributePath.of(n), inner));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, leaf), net.jqwik.api.Tuple.of(1, and), net.jqwik.api.Tuple.of(1, or),
                net.jqwik.api.Tuple.of(1, not), net.jqwik.api.Tuple.of(1, valuePath));
    }

    private Arbitrary<String> name() {
        return Arbitraries.of("userName", "emails", "name", "Title", "x-y_z", "$ref", "not", "and", "or", "pr", "eq");
    }

    private Arbitrary<AttributePath> path(boolean inBracket) {
        if (inBracket) {
            return name().map(AttributePath::of);
        }
        Arbitrary<String> urn = Arbitraries.of(null, "urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        Arbitrary<String> sub = Arbitraries.of(null, "value", "givenName", "$ref");
        return Combinators.combine(urn, name(), sub).as(AttributePath::new);
    }

    private Arbitrary<Filter> present(boolean inBracket) {
        return path(inBracket).map(Filter.Present::new);
    }

    private Arbitrary<Filter> comparison(boolean inBracket) {
        return Combinators.combine(path(inBracket), Arbitraries.of(CompareOp.class), value()).as(Filter.Comparison::new);
    }

    private Arbitrary<JsonNode> value() {
        Arbitrary<JsonNode> text = Arbitraries.strings().ofMaxLength(12).map(TextNode::valueOf);
        Arbitrary<JsonNode> longs = Arbitraries.longs().map(LongNode::valueOf);
        Arbitrary<JsonNode> decimals = Arbitraries.bigDecimals().ofScale(3)
                .map(d -> (JsonNode) DecimalNode.valueOf(d));
        Arbitrary<JsonNode> exp = Arbitraries.integers().between(-20, 20)
                .map(e -> (JsonNode) DecimalNode.valueOf(new BigDecimal("1.5e" + e)));
        Arbitrary<JsonNode> constants = Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.getInstance());
        return Arbitraries.oneOf(text, longs, decimals, exp, constants);
    }
}
