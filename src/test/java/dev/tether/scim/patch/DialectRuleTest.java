package dev.tether.scim.patch;

import static dev.tether.scim.patch.Fixtures.ENTERPRISE;
import static dev.tether.scim.patch.Fixtures.GROUP;
import static dev.tether.scim.patch.Fixtures.USER;
import static dev.tether.scim.patch.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.scim.filter.FilterLimits;
import dev.tether.scim.filter.FilterParser;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each dialect rule, switched off, no longer forgives its quirk; the others still apply. */
class DialectRuleTest {

    private static final FilterParser FILTERS = new FilterParser(FilterLimits.DEFAULT);

    private static Set<DialectRule> without(DialectRule rule) {
        EnumSet<DialectRule> rules = EnumSet.allOf(DialectRule.class);
        rules.remove(rule);
        return rules;
    }

    private static List<PatchOperation> read(String operations, Set<DialectRule> rules) {
        return PatchRequest.parse(json("{\"Operations\":" + operations + "}"), FILTERS, rules);
    }

    private static List<PatchOperation> normalise(String operations, Set<DialectRule> rules) {
        return new IdpDialect(USER).normalise(read(operations, rules), rules);
    }

    private static String refused(Set<DialectRule> rules, String operations) {
        return assertThrows(PatchException.class,
                () -> new IdpDialect(USER).normalise(read(operations, rules), rules)).scimType();
    }

    @Test
    void idsAreStableAndUnique() {
        assertEquals(DialectRule.values().length, DialectRule.ALL.stream().map(DialectRule::id).distinct().count());
        for (DialectRule r : DialectRule.values()) {
            assertEquals(r, DialectRule.byId(r.id()).orElseThrow());
            assertTrue(r.docs().startsWith("https://"), r.id());
            assertTrue(!r.idps().isEmpty(), r.id());
        }
        assertEquals(without(DialectRule.NULL_REF), DialectRule.allExcept(List.of("null-ref", "retired-rule")));
    }

    @Test
    void capitalisedOps() {
        assertEquals("invalidSyntax", refused(without(DialectRule.CAPITALISED_OPS),
                "[{\"op\":\"Replace\",\"path\":\"title\",\"value\":\"x\"}]"));
        assertEquals(1, normalise("[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"x\"}]",
                without(DialectRule.CAPITALISED_OPS)).size());
    }

    @Test
    void stringBooleansStayStringsAndTheEngineRefusesThem() {
        List<PatchOperation> ops = normalise("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]",
                without(DialectRule.STRING_BOOLEANS));
        assertEquals(json("\"False\""), ops.get(0).value());
        PatchException e = assertThrows(PatchException.class, () -> new PatchEngine(USER).apply(Fixtures.user(), ops));
        assertEquals("invalidValue", e.scimType());
    }

    @Test
    void pathKeysStayInTheNoPathValue() {
        List<PatchOperation> ops = normalise("[{\"op\":\"Replace\",\"value\":{\"name.givenName\":\"Ann\"}}]",
                without(DialectRule.PATH_KEYS_IN_NO_PATH_VALUE));
        assertEquals(List.of(PatchOperation.replace(null, json("{\"name.givenName\":\"Ann\"}"))), ops);
    }

    @Test
    void managerBareStringIsLeftAsSent() {
        List<PatchOperation> ops = normalise("[{\"op\":\"Add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\"m-1\"}]",
                without(DialectRule.MANAGER_BARE_STRING));
        assertEquals(json("\"m-1\""), ops.get(0).value());
    }

    @Test
    void removeByValueListIsRefusedRatherThanRemovingEverything() {
        Set<DialectRule> rules = without(DialectRule.REMOVE_BY_VALUE_LIST);
        PatchException e = assertThrows(PatchException.class, () -> new IdpDialect(GROUP).normalise(
                read("[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"u1\"}]}]", rules), rules));
        assertEquals("invalidSyntax", e.scimType());
        assertTrue(e.detail().startsWith("Operations[1]"), e.detail());
    }

    @Test
    void nullRefIsKept() {
        Set<DialectRule> rules = without(DialectRule.NULL_REF);
        List<PatchOperation> ops = new IdpDialect(GROUP).normalise(
                read("[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"u1\",\"$ref\":null}]}]", rules), rules);
        assertTrue(ops.get(0).value().get(0).has("$ref"));
    }

    @Test
    void echoedIdIsMutability() {
        assertEquals("mutability", refused(without(DialectRule.ECHOED_ID_IN_VALUE),
                "[{\"op\":\"replace\",\"value\":{\"id\":\"2819c223-7f76-453a-919d-413861904646\",\"title\":\"x\"}}]"));
    }

    @Test
    void unquotedFilterValuesInAPathAreInvalidFilterWhenUsed() {
        Set<DialectRule> rules = without(DialectRule.UNQUOTED_FILTER_VALUES);
        FilterParser strict = new FilterParser(FilterLimits.DEFAULT, false);
        List<PatchOperation> ops = PatchRequest.parse(
                json("{\"Operations\":[{\"op\":\"remove\",\"path\":\"emails[type eq work]\"}]}"), strict, rules);
        PatchException e = assertThrows(PatchException.class, () -> new PatchEngine(USER).apply(Fixtures.user(), ops));
        assertEquals("invalidFilter", e.scimType());
    }
}
