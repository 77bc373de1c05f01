package dev.tether.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.scim.schema.AttributeDefinition;
import java.util.function.Predicate;

/**
 * Turns the filter inside a value path's brackets ({@code emails[type eq "work"]}) into a test
 * over the elements of that multi-valued attribute. The server implements it with its filter
 * evaluator; keeping it an interface lets the patch package stay independent of the filter package.
 */
@FunctionalInterface
public interface ValueFilterCompiler {

    /**
     * Compiles the text inside [ ] for elements of the given multi-valued attribute.
     *
     * @throws PatchException with scimType invalidFilter when the text is not a valid filter
     */
    Predicate<JsonNode> compile(String filterText, AttributeDefinition multiValuedAttribute);
}
