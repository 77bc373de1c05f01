package dev.tether.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.scim.filter.CompareOp;
import dev.tether.scim.filter.Filter;
import dev.tether.scim.filter.FilterEvaluator;
import dev.tether.scim.filter.FilterException;
import dev.tether.scim.filter.FilterParser;
import dev.tether.scim.schema.AttributeDefinition;
import dev.tether.scim.schema.AttributePath;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The value filter between a path's brackets ({@code emails[type eq "work"]}), read with the
 * filter package's parser into its AST when the path is parsed.
 *
 * <p>Text that is no filter does not fail the path: it is kept with the reason, and
 * {@link #parsed()} raises {@code invalidFilter} when the engine comes to use it, after the
 * attribute in front of the brackets has been checked. That keeps the answer to a path with
 * several mistakes what it has always been (an unknown attribute is {@code invalidPath}, a
 * filter on a single-valued attribute too, whatever the brackets hold).
 *
 * @param text    the text between the brackets, stripped
 * @param filter  the parsed filter, or null when the text is not a valid filter
 * @param problem why the text is not a valid filter, or null
 */
public record ValueFilter(String text, Filter filter, String problem) {

    /** Reads the bracket text with {@code parser}; never throws for a malformed filter. */
    static ValueFilter read(String text, FilterParser parser) {
        try {
            return new ValueFilter(text, parser.read(text), null);
        } catch (FilterException e) {
            return new ValueFilter(text, null, e.getMessage());
        }
    }

    /**
     * The filter's AST.
     *
     * @throws PatchException invalidFilter when the text did not parse
     */
    public Filter parsed() {
        if (filter == null) {
            throw PatchException.invalidFilter(problem);
        }
        return filter;
    }

    /**
     * A test over the elements of {@code multiValued}, evaluated by the filter package's in-memory
     * evaluator (the same one that answers list filters in memory).
     *
     * @throws PatchException invalidFilter when the text did not parse; the test itself throws
     *                        invalidFilter when the filter does not fit the attribute
     */
    Predicate<JsonNode> matcher(FilterEvaluator evaluator, AttributeDefinition multiValued) {
        Filter parsed = parsed();
        return element -> {
            try {
                return evaluator.matchesElement(parsed, multiValued, element);
            } catch (FilterException e) {
                throw PatchException.invalidFilter(e.getMessage());
            }
        };
    }

    /**
     * The element the filter describes when it is only {@code sub eq literal} joined by
     * {@code and}: {@code type eq "work"} describes {@code {"type":"work"}}, with canonical
     * sub-attribute names. Used to create the element an IdP means by
     * {@code add emails[type eq "work"].value}, and to recognise a plain {@code members[value eq "id"]}.
     * Anything richer (or, not, other operators, a null literal, a name the attribute does not
     * have, the same name twice) describes no element.
     */
    Optional<ObjectNode> describedElement(AttributeDefinition multiValued) {
        if (filter == null) {
            return Optional.empty();
        }
        ObjectNode element = JsonNodeFactory.instance.objectNode();
        return describe(filter, multiValued, element) ? Optional.of(element) : Optional.empty();
    }

    private static boolean describe(Filter f, AttributeDefinition multiValued, ObjectNode element) {
        if (f instanceof Filter.And and) {
            return describe(and.left(), multiValued, element) && describe(and.right(), multiValued, element);
        }
        if (!(f instanceof Filter.Comparison c) || c.op() != CompareOp.EQ || c.value().isNull()) {
            return false;
        }
        AttributePath path = c.path();
        if (path.schemaUrn() != null || path.subAttribute() != null) {
            return false;
        }
        Optional<AttributeDefinition> sub = multiValued.subAttribute(path.attribute());
        if (sub.isEmpty() && !multiValued.isComplex() && path.attribute().equalsIgnoreCase("value")) {
            sub = Optional.of(multiValued);
        }
        if (sub.isEmpty() || element.has(sub.get().name())) {
            return false;
        }
        element.set(multiValued.isComplex() ? sub.get().name() : "value", c.value());
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
