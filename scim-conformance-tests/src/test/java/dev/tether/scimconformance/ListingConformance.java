package dev.tether.scimconformance;

import static dev.tether.scimconformance.support.ScimServer.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Sorting (RFC 7644 §3.4.2.3), paging (§3.4.2.4) and /.search (§3.4.3) over five users of this run. */
@Tag("listing")
class ListingConformance {

    static String prefix;
    static final List<String> ids = new ArrayList<>();
    static final String[] FAMILY = {"Delta", "alpha", "Echo", "charlie", "Bravo"};

    @BeforeAll
    static void users() {
        prefix = unique("lst");
        for (int i = 0; i < FAMILY.length; i++) {
            ids.add(create("/Users", """
                    {"schemas":["%s"],"userName":"%s-%d","name":{"familyName":"%s"}}""".formatted(USER, prefix, i, FAMILY[i])));
        }
    }

    static Response page(Object startIndex, Object count) {
        requires(Feature.FILTER);
        return scim().queryParam("filter", "userName sw \"" + prefix + "\"")
                .queryParam("startIndex", startIndex).queryParam("count", count).get("/Users");
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2 MUST: a list response has schemas, totalResults, Resources, startIndex and itemsPerPage")
    void listResponseShape() {
        page(1, 2).then().statusCode(200).body("schemas", hasItem(LIST)).body("totalResults", equalTo(5))
                .body("Resources", hasSize(2)).body("startIndex", equalTo(1)).body("itemsPerPage", equalTo(2));
    }

    @Test
    @Tag("IDP")
    @DisplayName("RFC 7644 §3.4.2.4 IdP (Okta import): paging with startIndex/count sees every resource exactly once")
    void pagingSeesEveryResourceOnce() {
        List<String> seen = new ArrayList<>();
        for (int start = 1; start <= 5; start += 2) {
            Response r = page(start, 2);
            r.then().statusCode(200).body("totalResults", equalTo(5)).body("startIndex", equalTo(start));
            seen.addAll(r.jsonPath().getList("Resources.id"));
        }
        assertEquals(5, seen.size(), "five resources over three pages: " + seen);
        assertEquals(new HashSet<>(ids), new HashSet<>(seen), "every resource exactly once");
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.4 MUST: count=0 returns no resources but the exact totalResults")
    void countZero() {
        page(1, 0).then().statusCode(200).body("totalResults", equalTo(5))
                .body("Resources", anyOf(nullValue(), empty()));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.4 MUST: startIndex less than 1 is interpreted as 1")
    void startIndexBelowOne() {
        page(0, 5).then().statusCode(200).body("startIndex", equalTo(1)).body("Resources", hasSize(5));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.4 MUST: a negative count is interpreted as 0")
    void negativeCount() {
        page(1, -1).then().statusCode(200).body("totalResults", equalTo(5))
                .body("Resources", anyOf(nullValue(), empty()));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.4 MUST: a startIndex past the end returns no resources and the exact totalResults")
    void startIndexPastEnd() {
        page(50, 10).then().statusCode(200).body("totalResults", equalTo(5))
                .body("Resources", anyOf(nullValue(), empty()));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.4 MUST: the response never holds more than filter.maxResults resources")
    void maxResultsRespected() {
        requires(Feature.FILTER);
        Integer max = filterMaxResults();
        org.junit.jupiter.api.Assumptions.assumeTrue(max != null && max > 0, "N/A: no filter.maxResults advertised");
        Response r = scim().queryParam("count", max + 1).get("/Users");
        r.then().statusCode(200);
        assertTrue(r.jsonPath().getList("Resources").size() <= max);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.3 MUST: sortBy sorts ascending by default, by the attribute's type (case-insensitive)")
    void sortAscending() {
        requires(Feature.SORT);
        requires(Feature.FILTER);
        List<String> names = scim().queryParam("filter", "userName sw \"" + prefix + "\"")
                .queryParam("sortBy", "name.familyName").get("/Users").then().statusCode(200)
                .extract().jsonPath().getList("Resources.name.familyName");
        assertEquals(List.of("alpha", "Bravo", "charlie", "Delta", "Echo"), names);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.3 MUST: sortOrder=descending reverses the order")
    void sortDescending() {
        requires(Feature.SORT);
        requires(Feature.FILTER);
        List<String> names = scim().queryParam("filter", "userName sw \"" + prefix + "\"")
                .queryParam("sortBy", "name.familyName").queryParam("sortOrder", "descending").get("/Users")
                .then().statusCode(200).extract().jsonPath().getList("Resources.name.familyName");
        assertEquals(List.of("Echo", "Delta", "charlie", "Bravo", "alpha"), names);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.3 MUST: sorting applies before paging")
    void sortThenPage() {
        requires(Feature.SORT);
        requires(Feature.FILTER);
        scim().queryParam("filter", "userName sw \"" + prefix + "\"").queryParam("sortBy", "name.familyName")
                .queryParam("startIndex", 2).queryParam("count", 2).get("/Users").then().statusCode(200)
                .body("Resources.name.familyName", contains("Bravo", "charlie"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.3 MUST: POST /Users/.search with a SearchRequest answers a list response")
    void searchWithPost() {
        requires(Feature.FILTER);
        scim().body("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"userName sw \\"%s\\"",
                 "startIndex":1,"count":3,"attributes":["userName"]}""".formatted(prefix))
                .post("/Users/.search").then().statusCode(200).body("schemas", hasItem(LIST))
                .body("totalResults", equalTo(5)).body("Resources", hasSize(3))
                .body("Resources[0]", hasKey("userName")).body("Resources[0]", not(hasKey("name")));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.3 MUST: POST /Groups/.search")
    void groupSearchWithPost() {
        requires(Feature.FILTER);
        String name = unique("lst-group");
        String id = createGroup(name);
        scim().body("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"displayName eq \\"%s\\""}"""
                .formatted(name)).post("/Groups/.search").then().statusCode(200)
                .body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(id));
    }

    @Test
    @Tag("SHOULD")
    @DisplayName("RFC 7644 §3.4.3 SHOULD: POST /.search at the root searches across resource types")
    void rootSearch() {
        requires(Feature.FILTER);
        scim().body("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"userName sw \\"%s\\""}"""
                .formatted(prefix)).post("/.search").then().statusCode(200).body("totalResults", equalTo(5));
    }
}
