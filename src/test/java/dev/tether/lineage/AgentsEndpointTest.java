package dev.tether.lineage;

import static dev.tether.lineage.LineageApi.patch;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /Agents behaves as /Users does (CRUD, filter, PATCH, ETag, projection, groups) and keeps owners as sponsors. */
@QuarkusTest
class AgentsEndpointTest {

    @Test
    void crudFilterPatchAndEtag() {
        LineageApi api = LineageApi.create("agents-crud");
        ScimDirectory dir = api.dir();
        String id = dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Agent"],"name":"Support Bot","displayName":"Support",
                 "agentType":"assistant","externalId":"ext-1","subject":"client-123",
                 "protocols":[{"type":"MCP-Client","specificationUrl":"https://example.com/mcp"}],
                 "roles":[{"value":"reader"}]}""")
                .post(dir.path("/Agents")).then().statusCode(201)
                .header("Location", containsString("/Agents/"))
                .body("schemas", hasItem("urn:ietf:params:scim:schemas:core:2.0:Agent"))
                .body("meta.resourceType", equalTo("Agent"))
                .body("protocols[0].type", equalTo("MCP-Client"))
                .extract().path("id");
        // name is unique per directory, case-insensitively
        dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Agent"],"name":"support bot"}""")
                .post(dir.path("/Agents")).then().statusCode(409).body("scimType", equalTo("uniqueness"));
        // name is required
        dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Agent"],"displayName":"x"}""")
                .post(dir.path("/Agents")).then().statusCode(400);

        dir.scim().queryParam("filter", "name eq \"SUPPORT BOT\"").get(dir.path("/Agents"))
                .then().statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(id));
        dir.scim().queryParam("filter", "agentType eq \"assistant\" and externalId eq \"ext-1\"").get(dir.path("/Agents"))
                .then().statusCode(200).body("totalResults", equalTo(1));
        dir.scim().queryParam("attributes", "name").get(dir.path("/Agents/" + id))
                .then().statusCode(200).body("$", not(hasKey("displayName"))).body("name", equalTo("Support Bot"));

        String etag = dir.scim().get(dir.path("/Agents/" + id)).then().extract().header("ETag");
        dir.scim().body(patch("{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Helpdesk\"}"))
                .header("If-Match", etag).patch(dir.path("/Agents/" + id))
                .then().statusCode(200).body("displayName", equalTo("Helpdesk"));
        dir.scim().body(patch("{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Stale\"}"))
                .header("If-Match", etag).patch(dir.path("/Agents/" + id)).then().statusCode(412);
        dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Agent"],"name":"Support Bot","description":"replaced"}""")
                .put(dir.path("/Agents/" + id)).then().statusCode(200)
                .body("description", equalTo("replaced")).body("$", not(hasKey("displayName")));
        dir.scim().delete(dir.path("/Agents/" + id)).then().statusCode(204);
        dir.scim().get(dir.path("/Agents/" + id)).then().statusCode(404);
    }

    @Test
    void agentsAreGroupMembersAndSeeTheirGroups() {
        LineageApi api = LineageApi.create("agents-groups");
        String agent = api.agent("member-bot");
        String inner = api.group("inner", agent);
        api.group("outer", inner);
        api.dir().scim().get(api.dir().path("/Groups/" + inner)).then().statusCode(200)
                .body("members[0].type", equalTo("Agent")).body("members[0].display", equalTo("member-bot"))
                .body("members[0].$ref", containsString("/Agents/" + agent));
        api.dir().scim().get(api.dir().path("/Agents/" + agent)).then().statusCode(200)
                .body("groups.size()", equalTo(2)).body("groups.type", hasItem("indirect"));
        api.dir().scim().queryParam("filter", "groups.display eq \"outer\"").get(api.dir().path("/Agents"))
                .then().body("totalResults", equalTo(1));
        // groups is readOnly
        api.dir().scim().body(patch("{\"op\":\"add\",\"path\":\"groups\",\"value\":[{\"value\":\"" + inner + "\"}]}"))
                .patch(api.dir().path("/Agents/" + agent)).then().statusCode(400);
        // deleting the agent removes its memberships
        api.dir().scim().delete(api.dir().path("/Agents/" + agent)).then().statusCode(204);
        api.dir().scim().get(api.dir().path("/Groups/" + inner)).then().body("$", not(hasKey("members")));
    }

    @Test
    void discoveryAdvertisesAgents() {
        ScimDirectory dir = ScimDirectory.create("agents-discovery");
        dir.scim().get(dir.path("/ServiceProviderConfig")).then().statusCode(200)
                .body("agentExtension.supported", equalTo(true));
        dir.scim().get(dir.path("/ResourceTypes/Agent")).then().statusCode(200).body("endpoint", equalTo("/Agents"));
        dir.scim().get(dir.path("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Agent")).then().statusCode(200)
                .body("attributes.name", hasItem("owners"));
    }

    @Test
    void ownersBecomeSponsorDelegationsAndRemovingOneRevokesIt() {
        LineageApi api = LineageApi.create("agents-owners");
        String alice = api.user("alice");
        String bob = api.user("bob");
        String agent = api.agent("sponsored", alice, bob);
        List<Map<String, Object>> sponsors = LineageApi.integration().queryParam("agentId", agent)
                .get(api.admin("/delegations")).then().statusCode(200).extract().path("");
        assertEquals(2, sponsors.size());
        sponsors.forEach(d -> assertEquals("sponsor", d.get("kind")));

        api.dir().scim().body(patch("{\"op\":\"remove\",\"path\":\"owners[value eq \\\"" + alice + "\\\"]\"}"))
                .patch(api.dir().path("/Agents/" + agent)).then().statusCode(200);
        LineageApi.integration().queryParam("agentId", agent).queryParam("status", "active")
                .get(api.admin("/delegations")).then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].delegator.id", equalTo(bob));
        LineageApi.integration().queryParam("agentId", agent).queryParam("status", "revoked")
                .get(api.admin("/delegations")).then().body("[0].reason", equalTo("manual"));

        // an owner that is no user of this directory is refused and nothing is written
        api.dir().scim().body(patch("{\"op\":\"add\",\"path\":\"owners\",\"value\":[{\"value\":\""
                        + java.util.UUID.randomUUID() + "\"}]}"))
                .patch(api.dir().path("/Agents/" + agent)).then().statusCode(400).body("scimType", equalTo("invalidValue"));
        api.dir().scim().get(api.dir().path("/Agents/" + agent)).then().body("owners.size()", equalTo(1));

        // the last sponsor leaving suspends the agent
        api.dir().scim().body(patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}"))
                .patch(api.dir().path("/Users/" + bob)).then().statusCode(200);
        assertEquals(false, api.agentActive(agent));
    }

    @Test
    void ownersCarryTheirUsersRefAndCurrentName() {
        LineageApi api = LineageApi.create("agents-owner-refs");
        String alice = api.user("alice@example.com");
        String agent = api.dir().scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Agent"),
                "name", "ref-bot", "owners", List.of(Map.of("value", alice, "display", "stale name from the IdP"))))
                .post(api.dir().path("/Agents")).then().statusCode(201)
                .body("owners[0].value", equalTo(alice))
                .body("owners[0].$ref", endsWith(api.dir().path("/Users/" + alice)))
                .body("owners[0].display", equalTo("alice@example.com"))
                .extract().path("id");

        // renamed in the IdP: the agent shows the user's name as it is now, on GET and in lists
        api.dir().scim().body(patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Alice Liddell\"}"))
                .patch(api.dir().path("/Users/" + alice)).then().statusCode(200);
        api.dir().scim().get(api.dir().path("/Agents/" + agent)).then().statusCode(200)
                .body("owners[0].display", equalTo("Alice Liddell"));
        api.dir().scim().queryParam("filter", "name eq \"ref-bot\"").queryParam("attributes", "owners")
                .get(api.dir().path("/Agents")).then().statusCode(200)
                .body("Resources[0].owners[0].display", equalTo("Alice Liddell"))
                .body("Resources[0].owners[0].$ref", endsWith(api.dir().path("/Users/" + alice)))
                .body("Resources[0]", not(hasKey("groups")));
    }

    @Test
    void aDeletedUserLeavesTheOwnersOfTheirAgents() {
        LineageApi api = LineageApi.create("agents-owner-deleted");
        String alice = api.user("alice");
        String bob = api.user("bob");
        String agent = api.agent("co-owned", alice, bob);
        String lonely = api.agent("alice-only", alice);

        api.dir().scim().delete(api.dir().path("/Users/" + alice)).then().statusCode(204);

        api.dir().scim().get(api.dir().path("/Agents/" + agent)).then().statusCode(200)
                .body("owners.value", equalTo(List.of(bob)));
        api.dir().scim().get(api.dir().path("/Agents/" + lonely)).then().statusCode(200)
                .body("$", not(hasKey("owners")))
                .body("active", equalTo(false)); // its only sponsor left, so the cascade suspended it
        LineageApi.integration().queryParam("agentId", agent).queryParam("status", "active")
                .get(api.admin("/delegations")).then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].delegator.id", equalTo(bob));
    }

    @Test
    void rootSearchListsUsersGroupsAndAgents() {
        LineageApi api = LineageApi.create("agents-root-search");
        ScimDirectory dir = api.dir();
        dir.scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                "userName", "root.search", "externalId", "root-search-1")).post(dir.path("/Users")).then().statusCode(201);
        dir.scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"),
                "displayName", "Root search", "externalId", "root-search-1")).post(dir.path("/Groups")).then().statusCode(201);
        dir.scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Agent"),
                "name", "Root search bot", "externalId", "root-search-1")).post(dir.path("/Agents")).then().statusCode(201);
        dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "filter":"externalId eq \\"root-search-1\\"","startIndex":2,"count":10}""")
                .post(dir.path("/.search"))
                .then().statusCode(200).body("totalResults", equalTo(3))
                .body("Resources.meta.resourceType", equalTo(List.of("Group", "Agent")));
    }
}
