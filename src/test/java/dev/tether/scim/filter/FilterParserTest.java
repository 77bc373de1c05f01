package dev.tether.scim.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tether.scim.filter.Filter.And;
import dev.tether.scim.filter.Filter.Comparison;
import dev.tether.scim.filter.Filter.Not;
import dev.tether.scim.filter.Filter.Or;
import dev.tether.scim.filter.Filter.Present;
import dev.tether.scim.filter.Filter.ValuePath;
import dev.tether.scim.schema.AttributePath;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilterParserTest {

    private static AttributePath p(String path) {
        return AttributePath.parse(path);
    }

    private static Comparison cmp(String path, CompareOp op, JsonNode v) {
        return new Comparison(p(path), op, v);
    }

    private static Comparison eq(String path, String v) {
        return cmp(path, CompareOp.EQ, TextNode.valueOf(v));
    }

    @Test
    void everyOperator() {
        for (CompareOp op : CompareOp.values()) {
            assertEquals(cmp("userName", op, TextNode.valueOf("bjensen")),
                    FilterParser.parse("userName " + op.token() + " \"bjensen\""));
        }
        assertEquals(new Present(p("title")), FilterParser.parse("title pr"));
    }

    @Test
    void operatorsAndKeywordsAreCaseInsensitive() {
        assertEquals(new And(eq("userName", "a"), new Present(p("title"))),
                FilterParser.parse("userName EQ \"a\" And title PR"));
        assertEquals(new Not(eq("userName", "a")), FilterParser.parse("NOT (userName Eq \"a\")"));
        assertEquals(new Or(eq("userName", "a"), eq("userName", "b")), FilterParser.parse("userName eq \"a\" OR userName eq \"b\""));
    }

    @Test
    void precedenceIsNotThenAndThenOr() {
        Filter f = FilterParser.parse("a eq 1 or b eq 2 and not (c eq 3)");
        assertEquals(new Or(cmp("a", CompareOp.EQ, IntNode.valueOf(1)),
                new And(cmp("b", CompareOp.EQ, IntNode.valueOf(2)), new Not(cmp("c", CompareOp.EQ, IntNode.valueOf(3))))), f);
        Filter g = FilterParser.parse("a eq 1 and b eq 2 or c eq 3");
        assertEquals(new Or(new And(cmp("a", CompareOp.EQ, IntNode.valueOf(1)), cmp("b", CompareOp.EQ, IntNode.valueOf(2))),
                cmp("c", CompareOp.EQ, IntNode.valueOf(3))), g);
        // left-associative chains
        assertEquals(new And(new And(new Present(p("a")), new Present(p("b"))), new Present(p("c"))),
                FilterParser.parse("a pr and b pr and c pr"));
    }

    @Test
    void parenthesesOverridePrecedence() {
        assertEquals(new And(new Or(new Present(p("a")), new Present(p("b"))), new Present(p("c"))),
                FilterParser.parse("(a pr or b pr) and c pr"));
        assertEquals(new Present(p("a")), FilterParser.parse("((( a pr )))"));
    }

    @Test
    void rfcExamples() {
        assertEquals(new And(eq("userType", "Employee"), new ValuePath(p("emails"),
                        new And(cmp("type", CompareOp.EQ, TextNode.valueOf("work")), cmp("value", CompareOp.CO, TextNode.valueOf("@example.com"))))),
                FilterParser.parse("userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]"));
        assertEquals(new Or(new ValuePath(p("emails"), new And(eq("type", "work"), cmp("value", CompareOp.CO, TextNode.valueOf("@example.com")))),
                        new ValuePath(p("ims"), new And(eq("type", "xmpp"), cmp("value", CompareOp.CO, TextNode.valueOf("@foo.com"))))),
                FilterParser.parse("emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]"));
        assertEquals(cmp("meta.lastModified", CompareOp.GT, TextNode.valueOf("2011-05-13T04:42:34Z")),
                FilterParser.parse("meta.lastModified gt \"2011-05-13T04:42:34Z\""));
        assertEquals(new And(eq("userType", "Employee"), new Not(new Present(p("emails.value")))),
                FilterParser.parse("userType eq \"Employee\" and not (emails.value pr)"));
    }

    @Test
    void valuePathWithNestedLogic() {
        assertEquals(new ValuePath(p("emails"), new Or(eq("type", "work"), new Not(new Present(p("primary"))))),
                FilterParser.parse("emails[type eq \"work\" or not (primary pr)]"));
    }

    @Test
    void valuePathFollowedBySubAttributeFoldsIntoTheBracket() {
        Filter inner = eq("type", "work");
        assertEquals(new ValuePath(p("emails"), new And(inner, eq("value", "x"))),
                FilterParser.parse("emails[type eq \"work\"].value eq \"x\""));
        assertEquals(new Not(new ValuePath(p("emails"), new And(inner, eq("value", "x")))),
                FilterParser.parse("emails[type eq \"work\"].value ne \"x\""));
        assertEquals(new ValuePath(p("emails"), new And(inner, new Present(p("value")))),
                FilterParser.parse("emails[type eq \"work\"].value pr"));
        assertEquals(new Not(new ValuePath(p("emails"), new And(inner, new Present(p("value"))))),
                FilterParser.parse("emails[type eq \"work\"].value eq null"));
    }

    @Test
    void urnQualifiedPaths() {
        Filter f = FilterParser.parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"26118915-6090-4610-87e4-49d8ca9f808d\"");
        Comparison c = (Comparison) f;
        assertEquals("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", c.path().schemaUrn());
        assertEquals("manager", c.path().attribute());
        assertEquals("value", c.path().subAttribute());
        Filter g = FilterParser.parse("urn:ietf:params:scim:schemas:core:2.0:User:name.familyName co \"O'Malley\"");
        assertEquals("name", ((Comparison) g).path().attribute());
    }

    @Test
    void literals() {
        assertEquals(cmp("active", CompareOp.EQ, BooleanNode.TRUE), FilterParser.parse("active eq true"));
        assertEquals(cmp("active", CompareOp.EQ, BooleanNode.FALSE), FilterParser.parse("active eq false"));
        assertEquals(cmp("title", CompareOp.EQ, NullNode.getInstance()), FilterParser.parse("title eq null"));
        assertEquals(cmp("n", CompareOp.GT, IntNode.valueOf(-12)), FilterParser.parse("n gt -12"));
        assertEquals(cmp("n", CompareOp.GT, LongNode.valueOf(12345678901L)), FilterParser.parse("n gt 12345678901"));
        assertEquals(cmp("n", CompareOp.LT, DecimalNode.valueOf(new BigDecimal("1.50"))), FilterParser.parse("n lt 1.50"));
        assertEquals(cmp("n", CompareOp.LT, DecimalNode.valueOf(new BigDecimal("-2.5e-3"))), FilterParser.parse("n lt -2.5e-3"));
        assertEquals(eq("displayName", "a \"quoted\" \\ / \n\t é ☃"),
                FilterParser.parse("displayName eq \"a \\\"quoted\\\" \\\\ \\/ \\n\\t \\u00e9 ☃\""));
        assertEquals(eq("displayName", "and or not ) ( ] ["), FilterParser.parse("displayName eq \"and or not ) ( ] [\""));
    }

    @Test
    void entraUnquotedValuesAreStrings() {
        assertEquals(eq("externalId", "5a3f9c2e-0d1b-4c8e-9f00-1234abcd"),
                FilterParser.parse("externalId eq 5a3f9c2e-0d1b-4c8e-9f00-1234abcd"));
        assertEquals(new And(eq("userName", "alice@x.com"), new Present(p("title"))),
                FilterParser.parse("userName eq alice@x.com and title pr"));
        assertEquals(new ValuePath(p("members"), eq("value", "abc")), FilterParser.parse("members[value eq abc]"));
        assertEquals(eq("active", "True"), FilterParser.parse("active eq True"));
    }

    @Test
    void numbersRoundTripThroughThePrinter() {
        for (String s : new String[] {"0", "-1", "1.50", "1e3", "-2.5E-3", "99999999999999999999999"}) {
            Filter f = FilterParser.parse("n eq " + s);
            assertEquals(f, FilterParser.parse(f.toString()), s);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "(userName eq \"a\"",
        "userName eq \"a\")",
        "userName xx \"a\"",
        "userName eq",
        "userName eq \"a\" garbage",
        "userName",
        "not userName eq \"a\"",
        "userName eq \"unterminated",
        "emails[type eq \"work\"",
        "emails[type eq \"work\"] junk",
        "userName eq \"a\" and",
        "and eq \"a\"x",
        "",
        "   ",
        "emails[name.givenName eq \"x\"]",
        "emails[members[value eq \"x\"]]",
        "userName eq \"bad \\q escape\"",
        "1abc eq \"a\"",
    })
    void rejectsMalformedFilters(String text) {
        FilterException e = assertThrows(FilterException.class, () -> FilterParser.parse(text));
        assertEquals("invalidFilter", e.scimType());
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void errorsNamePositionAndExpectation() {
        FilterException e = assertThrows(FilterException.class, () -> FilterParser.parse("userName xx \"a\""));
        assertTrue(e.getMessage().contains("position 9"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown operator 'xx'"), e.getMessage());
        FilterException m = assertThrows(FilterException.class, () -> FilterParser.parse("(userName eq \"a\""));
        assertTrue(m.getMessage().contains("expected ')'"), m.getMessage());
    }

    @Test
    void enforcesLimits() {
        FilterParser parser = new FilterParser(new FilterLimits(40, 3));
        parser.read("(((a pr)))");
        FilterException deep = assertThrows(FilterException.class, () -> parser.read("((((a pr))))"));
        assertTrue(deep.getMessage().contains("limit of 3"), deep.getMessage());
        assertThrows(FilterException.class, () -> parser.read("not (not (not (not (a pr))))"));
        assertThrows(FilterException.class, () -> parser.read("displayName eq \"" + "x".repeat(40) + "\""));
    }
}
