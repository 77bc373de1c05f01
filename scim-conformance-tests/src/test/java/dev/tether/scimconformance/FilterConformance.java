package dev.tether.scimconformance;

import static dev.tether.scimconformance.support.ScimServer.*;
import static org.hamcrest.Matchers.*;

import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Filtering (RFC 7644 §3.4.2.2) over three users made for this run. Every filter is scoped
 * with {@code userName sw "<prefix>"} so data already on the server never changes a verdict.
 */
@Tag("filter")
class FilterConformance {

    static String prefix;
    static String alice;
    static String bob;
    static String carol;

    @BeforeAll
    static void users() {
        if (!Feature.FILTER.advertised()) {
            return;
        }
        prefix = unique("flt");
        alice = create("/Users", """
                {"schemas":["%s"],"userName":"%s-alice","title":"Engineer","nickName":"Al","active":true,
                 "name":{"givenName":"Alice","familyName":"Anderson"},
                 "emails":[{"value":"alice@work.example.com","type":"work"},{"value":"alice@home.example.com","type":"home"}]}"""
                .formatted(USER, prefix));
        bob = create("/Users", """
                {"schemas":["%s"],"userName":"%s-bob","title":"Manager","active":false,
                 "name":{"givenName":"Bob","familyName":"Brown"},"emails":[{"value":"bob@work.example.com","type":"work"}]}"""
                .formatted(USER, prefix));
        carol = create("/Users", """
                {"schemas":["%s"],"userName":"%s-carol","title":"Engineering Lead","active":true,
                 "name":{"givenName":"Carol","familyName":"Clark"},"emails":[{"value":"carol@work.example.com","type":"work"}]}"""
                .formatted(USER, prefix));
    }

    @BeforeEach
    void applicable() {
        requires(Feature.FILTER);
    }

    /** Users of this run matching the expression. */
    static ValidatableResponse scoped(String expression) {
        return scim().queryParam("filter", "userName sw \"" + prefix + "\" and (" + expression + ")").get("/Users")
                .then().statusCode(200);
    }

    static void expect(String expression, String... ids) {
        scoped(expression).body("totalResults", equalTo(ids.length))
                .body("Resources.id", ids.length == 0 ? anyOf(nullValue(), empty()) : containsInAnyOrder((Object[]) ids));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: eq")
    void eq() {
        scim().queryParam("filter", "userName eq \"" + prefix + "-alice\"").get("/Users").then().statusCode(200)
                .body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(alice))
                .body("schemas", hasItem(LIST));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: ne")
    void ne() {
        expect("title ne \"Engineer\"", bob, carol);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: co")
    void co() {
        expect("title co \"gine\"", alice, carol);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: sw")
    void sw() {
        expect("title sw \"Eng\"", alice, carol);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: ew")
    void ew() {
        expect("title ew \"Lead\"", carol);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: pr")
    void pr() {
        expect("nickName pr", alice);
        expect("title pr", alice, bob, carol);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: gt, ge, lt, le on strings compare lexicographically")
    void orderingOnStrings() {
        expect("userName gt \"" + prefix + "-bob\"", carol);
        expect("userName ge \"" + prefix + "-bob\"", bob, carol);
        expect("userName lt \"" + prefix + "-bob\"", alice);
        expect("userName le \"" + prefix + "-bob\"", alice, bob);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: gt, lt on dateTime compare as dates (meta.lastModified, meta.created)")
    void orderingOnDates() {
        expect("meta.lastModified gt \"2000-01-01T00:00:00Z\"", alice, bob, carol);
        expect("meta.created lt \"2000-01-01T00:00:00Z\"");
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: booleans compare by value")
    void booleans() {
        expect("active eq true", alice, carol);
        expect("active eq false", bob);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: gt on a boolean answers 400 invalidFilter")
    void orderingOnBooleanRefused() {
        scim().queryParam("filter", "active gt true").get("/Users").then().statusCode(400)
                .body("scimType", equalTo("invalidFilter"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: or, and, not")
    void logicalOperators() {
        expect("title eq \"Engineer\" or title eq \"Manager\"", alice, bob);
        expect("title sw \"Eng\" and active eq true", alice, carol);
        expect("not (active eq true)", bob);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: and binds tighter than or; parentheses override")
    void precedence() {
        expect("title eq \"Engineer\" or title eq \"Manager\" and active eq true", alice);
        expect("(title eq \"Engineer\" or title eq \"Manager\") and active eq false", bob);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: attribute names and operators are case-insensitive")
    void caseInsensitiveNamesAndOperators() {
        expect("TITLE EQ \"Engineer\"", alice);
        expect("Name.FamilyName Eq \"Brown\"", bob);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: caseExact=false attributes (userName) compare case-insensitively")
    void caseInsensitiveValues() {
        scim().queryParam("filter", "userName eq \"" + (prefix + "-alice").toUpperCase() + "\"").get("/Users")
                .then().statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(alice));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: caseExact=true attributes (id) compare case-sensitively")
    void caseExactValues() {
        String changed = alice.equals(alice.toUpperCase()) ? alice.toLowerCase() : alice.toUpperCase();
        org.junit.jupiter.api.Assumptions.assumeFalse(changed.equals(alice), "N/A: the id has no letters");
        scim().queryParam("filter", "id eq \"" + changed + "\"").get("/Users").then().statusCode(200)
                .body("totalResults", equalTo(0));
        expect("id eq \"" + alice + "\"", alice);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: sub-attributes (name.familyName)")
    void subAttribute() {
        expect("name.familyName eq \"Brown\"", bob);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: a multi-valued attribute matches if any value matches (emails.type)")
    void multiValued() {
        expect("emails.type eq \"home\"", alice);
        expect("emails.value ew \"@work.example.com\"", alice, bob, carol);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: value paths — emails[type eq \"work\" and value co \"alice\"]")
    void valuePath() {
        expect("emails[type eq \"work\" and value co \"alice\"]", alice);
        expect("emails[type eq \"home\" and value co \"bob\"]");
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.10 MUST: URN-qualified attribute names in filters")
    void urnQualified() {
        scim().queryParam("filter", USER + ":userName eq \"" + prefix + "-bob\"").get("/Users").then().statusCode(200)
                .body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(bob));
        expect(USER + ":name.familyName eq \"Clark\"", carol);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: extension attributes by URN (enterprise department)")
    void extensionAttribute() {
        org.junit.jupiter.api.Assumptions.assumeTrue(userHasEnterpriseExtension(),
                "N/A: the User resource type does not declare the enterprise extension");
        String id = create("/Users", """
                {"schemas":["%s","%s"],"userName":"%s-dave","%s":{"department":"Dept-%s"}}"""
                .formatted(USER, ENTERPRISE, prefix, ENTERPRISE, prefix));
        expect(ENTERPRISE + ":department eq \"Dept-" + prefix + "\"", id);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2 MUST: a filter that matches nothing answers 200 with totalResults 0")
    void noMatch() {
        scim().queryParam("filter", "userName eq \"" + unique("nobody") + "\"").get("/Users").then().statusCode(200)
                .body("totalResults", equalTo(0));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: a malformed filter answers 400 invalidFilter")
    void malformedFilter() {
        for (String bad : new String[] {"userName eq", "userName zz \"x\"", "(userName eq \"x\"", "emails[type eq \"work\""}) {
            scim().queryParam("filter", bad).get("/Users").then().statusCode(400)
                    .body("scimType", equalTo("invalidFilter")).body("schemas", hasItem(ERROR));
        }
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: Groups filter by displayName")
    void groupsByDisplayName() {
        String name = unique("flt-group");
        String id = createGroup(name);
        scim().queryParam("filter", "displayName eq \"" + name + "\"").get("/Groups").then().statusCode(200)
                .body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(id));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.2 MUST: Groups filter by member value (members.value eq)")
    void groupsByMember() {
        String group = createGroup(unique("flt-member-g"), alice);
        scim().queryParam("filter", "members.value eq \"" + alice + "\" and id eq \"" + group + "\"").get("/Groups")
                .then().statusCode(200).body("totalResults", equalTo(1));
    }
}
