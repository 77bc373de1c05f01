package dev.tether.scim.api;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * User lists as an IdP's lookups and a paging client see them: a first page that is not full is
 * read with each user's groups in one statement, a full one with its count; both answer the same.
 */
@QuarkusTest
class UserLookupTest {

    static ScimDirectory dir;
    static String alice;
    static String group;

    @BeforeEach
    void directory() {
        if (dir == null) {
            dir = ScimDirectory.create("user-lookup");
            alice = user("lookup.alice");
            user("lookup.bob");
            user("lookup.carol");
            group = dir.scim().body("""
                    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Lookup team",
                     "members":[{"value":"%s"}]}""".formatted(alice))
                    .post(dir.path("/Groups")).then().statusCode(201).extract().path("id");
        }
    }

    static String user(String userName) {
        return dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s"}""".formatted(userName))
                .post(dir.path("/Users")).then().statusCode(201).extract().path("id");
    }

    @Test
    void aLookupFindsTheUserWithItsGroups() {
        dir.scim().queryParam("filter", "userName eq \"lookup.alice\"").get(dir.path("/Users")).then().statusCode(200)
                .body("totalResults", equalTo(1))
                .body("itemsPerPage", equalTo(1))
                .body("Resources.id", contains(alice))
                .body("Resources[0].groups.value", contains(group))
                .body("Resources[0].groups.display", contains("Lookup team"));
    }

    @Test
    void aLookupThatFindsNobodyAnswersAnEmptyList() {
        dir.scim().queryParam("filter", "userName eq \"lookup.nobody\"").get(dir.path("/Users")).then()
                .statusCode(200).body("totalResults", equalTo(0));
    }

    @Test
    void groupsNotAskedForAreNotShown() {
        dir.scim().queryParam("filter", "userName eq \"lookup.alice\"").queryParam("attributes", "userName")
                .get(dir.path("/Users")).then().statusCode(200)
                .body("totalResults", equalTo(1))
                .body("Resources[0]", not(hasKey("groups")));
    }

    @Test
    void aFullFirstPageCountsEveryMatch() {
        dir.scim().queryParam("filter", "userName sw \"lookup.\"").queryParam("count", 2)
                .queryParam("sortBy", "userName").get(dir.path("/Users")).then().statusCode(200)
                .body("totalResults", equalTo(3))
                .body("itemsPerPage", equalTo(2))
                .body("Resources.userName", contains("lookup.alice", "lookup.bob"))
                .body("Resources[0].groups.value", contains(group));
    }

    @Test
    void aLaterPageCountsEveryMatchToo() {
        dir.scim().queryParam("filter", "userName sw \"lookup.\"").queryParam("count", 2).queryParam("startIndex", 3)
                .queryParam("sortBy", "userName").get(dir.path("/Users")).then().statusCode(200)
                .body("totalResults", equalTo(3))
                .body("Resources.userName", contains("lookup.carol"));
    }
}
