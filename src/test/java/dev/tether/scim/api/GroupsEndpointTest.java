package dev.tether.scim.api;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class GroupsEndpointTest {

    static ScimDirectory dir;

    /** RestAssured knows the test port only once a test runs, so the directory is made lazily. */
    @BeforeEach
    void directory() {
        if (dir == null) {
            dir = ScimDirectory.create("groups-endpoint");
        }
    }

    static String user(String userName) {
        return dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","displayName":"%s"}"""
                .formatted(userName, userName)).post(dir.path("/Users")).then().statusCode(201).extract().path("id");
    }

    static String group(String name, String... memberIds) {
        StringBuilder members = new StringBuilder();
        for (String m : memberIds) {
            members.append(members.length() == 0 ? "" : ",").append("{\"value\":\"").append(m).append("\"}");
        }
        return dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%s","members":[%s]}"""
                .formatted(name, members)).post(dir.path("/Groups")).then().statusCode(201).extract().path("id");
    }

    static String patch(String ops) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + ops + "]}";
    }

    @Test
    void createWithMembersShowsThemWithTypeAndDisplay() {
        String alice = user("g.alice");
        String gid = group("Engineering", alice);
        dir.scim().get(dir.path("/Groups/" + gid)).then().statusCode(200)
                .body("displayName", equalTo("Engineering"))
                .body("members[0].value", equalTo(alice))
                .body("members[0].type", equalTo("User"))
                .body("members[0].display", equalTo("g.alice"))
                .body("meta.resourceType", equalTo("Group"));
        dir.scim().queryParam("excludedAttributes", "members").get(dir.path("/Groups/" + gid))
                .then().statusCode(200).body("$", not(hasKey("members")));
    }

    @Test
    void usersGroupsAttributeIsDerivedWithNestedIndirect() {
        String bob = user("g.bob");
        String inner = group("Inner", bob);
        String outer = group("Outer", inner);
        dir.scim().get(dir.path("/Users/" + bob)).then().statusCode(200)
                .body("groups.value", containsInAnyOrder(inner, outer))
                .body("groups.find { it.value == '" + inner + "' }.type", equalTo("direct"))
                .body("groups.find { it.value == '" + outer + "' }.type", equalTo("indirect"));
        dir.scim().queryParam("filter", "groups.value eq \"" + outer + "\"").get(dir.path("/Users"))
                .then().statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(bob));
        dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"g.bob","groups":[]}""")
                .put(dir.path("/Users/" + bob)).then().statusCode(200)
                .body("groups.value", hasItem(inner));
    }

    @Test
    void patchAddsAndRemovesMembersInEveryForm() {
        String a = user("g.m.a");
        String b = user("g.m.b");
        String c = user("g.m.c");
        String gid = group("Patchers");
        dir.scim().body(patch("{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + a + "\"},{\"value\":\""
                        + b + "\"},{\"value\":\"" + c + "\"}]}"))
                .patch(dir.path("/Groups/" + gid)).then().statusCode(200)
                .body("members.value", containsInAnyOrder(a, b, c));
        // Entra: removal by value list
        dir.scim().body(patch("{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + a + "\"}]}"))
                .patch(dir.path("/Groups/" + gid)).then().statusCode(200)
                .body("members.value", containsInAnyOrder(b, c));
        // RFC form: removal by filter
        dir.scim().body(patch("{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + b + "\\\"]\"}"))
                .patch(dir.path("/Groups/" + gid)).then().statusCode(200)
                .body("members.value", containsInAnyOrder(c));
        // Okta: replace the whole list
        dir.scim().body(patch("{\"op\":\"replace\",\"path\":\"members\",\"value\":[{\"value\":\"" + a + "\"}]}"))
                .patch(dir.path("/Groups/" + gid)).then().statusCode(200)
                .body("members.value", containsInAnyOrder(a));
        // remove all
        dir.scim().body(patch("{\"op\":\"remove\",\"path\":\"members\"}"))
                .patch(dir.path("/Groups/" + gid)).then().statusCode(200)
                .body("$", not(hasKey("members")));
    }

    @Test
    void oneAddOfAUserAndAGroupTakesEachTypeFromItsRow() {
        String u = user("g.mixed.u");
        String inner = group("Mixed inner");
        String gid = group("Mixed outer");
        dir.scim().body(patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u
                        + "\"},{\"value\":\"" + inner + "\"}]}"))
                .patch(dir.path("/Groups/" + gid)).then().statusCode(200)
                .body("members.find { it.value == '" + u + "' }.type", equalTo("User"))
                .body("members.find { it.value == '" + inner + "' }.type", equalTo("Group"));
        // a known user next to an unknown id: refused as a whole
        dir.scim().body(patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user("g.mixed.v")
                        + "\"},{\"value\":\"" + java.util.UUID.randomUUID() + "\"}]}"))
                .patch(dir.path("/Groups/" + gid)).then().statusCode(400).body("scimType", equalTo("invalidValue"));
        dir.scim().get(dir.path("/Groups/" + gid)).then().body("members.value", containsInAnyOrder(u, inner));
    }

    @Test
    void unknownMemberIsRejectedAndChangesNothing() {
        String a = user("g.u.a");
        String gid = group("Strict", a);
        dir.scim().body(patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                        + java.util.UUID.randomUUID() + "\"}]}"))
                .patch(dir.path("/Groups/" + gid)).then().statusCode(400).body("scimType", equalTo("invalidValue"));
        dir.scim().body(patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Changed\"},"
                        + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"nope\"}]}"))
                .patch(dir.path("/Groups/" + gid)).then().statusCode(400);
        dir.scim().get(dir.path("/Groups/" + gid)).then()
                .body("displayName", equalTo("Strict")).body("members.value", containsInAnyOrder(a));
    }

    @Test
    void putWithFullMemberListReplacesMembers() {
        String a = user("g.p.a");
        String b = user("g.p.b");
        String gid = group("Okta Pushed", a);
        dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"%s","displayName":"Okta Pushed",
                 "members":[{"value":"%s","display":"g.p.b"}]}""".formatted(gid, b))
                .put(dir.path("/Groups/" + gid)).then().statusCode(200)
                .body("members.value", containsInAnyOrder(b));
    }

    @Test
    void deletingAUserRemovesItFromGroupsAndDeletingAGroupFromUsers() {
        String a = user("g.d.a");
        String b = user("g.d.b");
        String gid = group("Doomed", a, b);
        dir.scim().delete(dir.path("/Users/" + a)).then().statusCode(204);
        List<String> members = dir.scim().get(dir.path("/Groups/" + gid)).path("members.value");
        assertEquals(List.of(b), members);
        dir.scim().delete(dir.path("/Groups/" + gid)).then().statusCode(204);
        dir.scim().get(dir.path("/Users/" + b)).then().statusCode(200).body("$", not(hasKey("groups")));
    }

    @Test
    void groupFiltersOnMembersAndDisplayName() {
        String a = user("g.f.a");
        String gid = group("Filterable", a);
        dir.scim().queryParam("filter", "displayName eq \"filterable\" and members[value eq \"" + a + "\"]")
                .get(dir.path("/Groups")).then().statusCode(200)
                .body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(gid));
        dir.scim().queryParam("filter", "displayName eq \"Filterable\"").queryParam("excludedAttributes", "members")
                .get(dir.path("/Groups")).then().statusCode(200)
                .body("Resources[0]", not(hasKey("members")));
    }
}
