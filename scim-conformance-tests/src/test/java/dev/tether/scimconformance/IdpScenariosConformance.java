package dev.tether.scimconformance;

import static dev.tether.scimconformance.support.ScimServer.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Provisioning cycles as the identity providers send them, written from their published SCIM
 * documentation (Microsoft Entra ID "Develop a SCIM endpoint", Okta "SCIM 2.0 provisioning",
 * OneLogin and JumpCloud SCIM guides). IdPs accept 200 or 204 for PATCH, so both pass here.
 */
@Tag("idp")
class IdpScenariosConformance {

    @BeforeEach
    void applicable() {
        requires(Feature.PATCH);
        requires(Feature.FILTER);
    }

    static ValidatableResponse patchAndRead(String path, String... ops) {
        Response r = scim().body(patch(ops)).patch(path);
        assertTrue(r.statusCode() == 200 || r.statusCode() == 204, "PATCH " + path + " answered " + r.statusCode());
        return scim().get(path).then().statusCode(200);
    }

    static void expectCount(String endpoint, String filter, int count) {
        scim().queryParam("filter", filter).get(endpoint).then().statusCode(200).body("totalResults", equalTo(count));
    }

    @Test
    @Tag("IDP")
    @DisplayName("IdP Microsoft Entra ID: connection test, create, capitalised and string-boolean PATCH, members, manager, deactivate, delete")
    void entraCycle() {
        // connection test: a random userName and a random id, both answered with empty lists
        expectCount("/Users", "userName eq \"" + UUID.randomUUID() + "@contoso.com\"", 0);
        expectCount("/Users", "id eq \"" + UUID.randomUUID() + "\"", 0);
        String externalId = UUID.randomUUID().toString();
        String userName = unique("Test_User") + "@contoso.com";
        boolean enterprise = userHasEnterpriseExtension();
        String managerId = createUser(unique("entra-boss") + "@contoso.com");
        Response created = scim().body("""
                {"schemas":["%s"%s],"externalId":"%s","userName":"%s","active":true,"displayName":"Test User",
                 "emails":[{"primary":true,"type":"work","value":"%s"}],"meta":{"resourceType":"User"},
                 "name":{"formatted":"givenName familyName","familyName":"familyName","givenName":"givenName"},"roles":[]%s}"""
                .formatted(USER, enterprise ? ",\"" + ENTERPRISE + "\"" : "", externalId, userName, userName,
                        enterprise ? ",\"" + ENTERPRISE + "\":{\"department\":\"Sales\"}" : ""))
                .post("/Users");
        created.then().statusCode(201).body("externalId", equalTo(externalId));
        String id = created.path("id");
        created("/Users/" + id);
        expectCount("/Users", "externalId eq \"" + externalId + "\"", 1);
        scim().queryParam("filter", "userName eq \"" + userName + "\"").get("/Users").then().statusCode(200)
                .body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(id));

        // attribute updates with capitalised ops
        String user = "/Users/" + id;
        patchAndRead(user, "{\"op\":\"Replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"updated@contoso.com\"}",
                "{\"op\":\"Replace\",\"path\":\"name.familyName\",\"value\":\"updatedFamilyName\"}")
                .body("emails[0].value", equalTo("updated@contoso.com")).body("name.familyName", equalTo("updatedFamilyName"));
        patchAndRead(user, "{\"op\":\"Add\",\"path\":\"displayName\",\"value\":\"Added Name\"}")
                .body("displayName", equalTo("Added Name"));

        // manager set as a bare id, cleared with "" and with Remove
        if (enterprise) {
            String manager = ENTERPRISE + ":manager";
            patchAndRead(user, "{\"op\":\"Add\",\"path\":\"" + manager + "\",\"value\":\"" + managerId + "\"}")
                    .body("'" + ENTERPRISE + "'.manager.value", equalTo(managerId));
            patchAndRead(user, "{\"op\":\"Replace\",\"path\":\"" + manager + "\",\"value\":\"\"}")
                    .body("'" + ENTERPRISE + "'.manager", nullValue());
            patchAndRead(user, "{\"op\":\"Replace\",\"path\":\"" + manager + "\",\"value\":\"" + managerId + "\"}")
                    .body("'" + ENTERPRISE + "'.manager.value", equalTo(managerId));
            patchAndRead(user, "{\"op\":\"Remove\",\"path\":\"" + manager + "\"}")
                    .body("'" + ENTERPRISE + "'.manager", nullValue());
        }

        // groups: lookup by displayName without members, add, both removal forms
        String displayName = unique("Group1DisplayName");
        expectCount("/Groups", "displayName eq \"" + displayName + "\"", 0);
        scim().queryParam("excludedAttributes", "members").queryParam("filter", "displayName eq \"" + displayName + "\"")
                .get("/Groups").then().statusCode(200).body("totalResults", equalTo(0));
        String gid = create("/Groups", """
                {"schemas":["%s","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
                 "externalId":"%s","displayName":"%s","meta":{"resourceType":"Group"}}""".formatted(GROUP, UUID.randomUUID(), displayName));
        String group = "/Groups/" + gid;
        patchAndRead(group, "{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + id + "\"},{\"value\":\"" + managerId + "\"}]}")
                .body("members.value", containsInAnyOrder(id, managerId));
        patchAndRead(group, "{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + managerId + "\"}]}")
                .body("members.value", contains(id));
        patchAndRead(group, "{\"op\":\"Remove\",\"path\":\"members[value eq \\\"" + id + "\\\"]\"}")
                .body("members", anyOf(nullValue(), empty()));
        patchAndRead(group, "{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"" + displayName + "-renamed\"}")
                .body("displayName", equalTo(displayName + "-renamed"));

        // deactivate with a string boolean, reactivate, then delete
        patchAndRead(user, "{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}").body("active", equalTo(false));
        patchAndRead(user, "{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}").body("active", equalTo(true));
        patchAndRead(user, "{\"op\":\"Replace\",\"path\":\"active\",\"value\":false}").body("active", equalTo(false));
        scim().delete(user).then().statusCode(204);
        scim().get(user).then().statusCode(404);
        scim().delete(group).then().statusCode(204);
    }

    @Test
    @Tag("IDP")
    @DisplayName("IdP Okta: lookups with startIndex/count, create with password, PUT update, deactivate by no-path replace, group push")
    void oktaCycle() {
        String userName = unique("isabella.sun") + "@example.com";
        scim().queryParam("filter", "userName eq \"" + userName + "\"").queryParam("startIndex", 1).queryParam("count", 100)
                .get("/Users").then().statusCode(200).body("totalResults", equalTo(0));
        Response created = scim().body("""
                {"schemas":["%s"],"userName":"%s","name":{"givenName":"Isabella","familyName":"Sun"},
                 "emails":[{"primary":true,"value":"%s","type":"work"}],"displayName":"Isabella Sun","locale":"en-US",
                 "externalId":"00ujl29u0le5T6Aj10h7","groups":[],"password":"1mz050nq","active":true}"""
                .formatted(USER, userName, userName)).post("/Users");
        created.then().statusCode(201).body("$", not(hasKey("password")));
        String id = created.path("id");
        created("/Users/" + id);
        scim().queryParam("filter", "userName eq \"" + userName + "\"").queryParam("startIndex", 1).queryParam("count", 100)
                .get("/Users").then().statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(id))
                .body("Resources[0]", not(hasKey("password")));
        scim().get("/Users/" + id).then().statusCode(200).body("userName", equalTo(userName));

        // profile update by PUT, with id in the body
        scim().body("""
                {"schemas":["%s"],"id":"%s","userName":"%s","name":{"givenName":"Isabella","familyName":"Sun-Lee"},
                 "emails":[{"primary":true,"value":"%s","type":"work"}],"active":true}""".formatted(USER, id, userName, userName))
                .put("/Users/" + id).then().statusCode(200).body("name.familyName", equalTo("Sun-Lee"));

        // deactivation and reactivation by no-path replace (Okta may include the id)
        patchAndRead("/Users/" + id, "{\"op\":\"replace\",\"value\":{\"id\":\"" + id + "\",\"active\":false}}")
                .body("active", equalTo(false));
        patchAndRead("/Users/" + id, "{\"op\":\"replace\",\"value\":{\"active\":true}}").body("active", equalTo(true));

        // group push: create, PUT with the full member list, PATCH add/remove members, rename
        String other = createUser(unique("okta-other") + "@example.com");
        String displayName = unique("Test SCIMv2");
        String gid = create("/Groups", "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"" + displayName + "\",\"members\":[]}");
        String group = "/Groups/" + gid;
        scim().body("""
                {"schemas":["%s"],"id":"%s","displayName":"%s","members":[{"value":"%s","display":"%s"},{"value":"%s","display":"other"}]}"""
                .formatted(GROUP, gid, displayName, id, userName, other)).put(group).then().statusCode(200);
        scim().get(group).then().body("members.value", containsInAnyOrder(id, other));
        patchAndRead(group, "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + id + "\\\"]\"}")
                .body("members.value", contains(other));
        patchAndRead(group, "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + id + "\",\"display\":\"" + userName + "\"}]}")
                .body("members.value", containsInAnyOrder(id, other));
        patchAndRead(group, "{\"op\":\"replace\",\"value\":{\"id\":\"" + gid + "\",\"displayName\":\"" + displayName + " renamed\"}}")
                .body("displayName", equalTo(displayName + " renamed"));
        scim().queryParam("filter", "displayName eq \"" + displayName + " renamed\"").queryParam("startIndex", 1)
                .queryParam("count", 100).get("/Groups").then().statusCode(200).body("totalResults", equalTo(1));
        scim().delete(group).then().statusCode(204);
    }

    @Test
    @Tag("IDP")
    @DisplayName("IdP OneLogin/JumpCloud: create, lookup, group with members, member removal by value list, deactivate, delete")
    void oneLoginJumpCloudCycle() {
        String userName = unique("kim") + "@example.org";
        String id = create("/Users", """
                {"schemas":["%s"],"userName":"%s","name":{"givenName":"Kim","familyName":"Lee"},
                 "emails":[{"value":"%s","primary":true}],"active":true}""".formatted(USER, userName, userName));
        scim().queryParam("filter", "userName eq \"" + userName + "\"").get("/Users").then().statusCode(200)
                .body("totalResults", equalTo(1));
        String gid = createGroup(unique("Staff"), id);
        scim().get("/Groups/" + gid).then().body("members.value", contains(id));
        patchAndRead("/Groups/" + gid, "{\"op\":\"remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + id + "\"}]}")
                .body("members", anyOf(nullValue(), empty()));
        patchAndRead("/Users/" + id, "{\"op\":\"replace\",\"path\":\"active\",\"value\":false}").body("active", equalTo(false));
        // JumpCloud-style full update by PUT
        scim().body("""
                {"schemas":["%s"],"userName":"%s","name":{"givenName":"Kim","familyName":"Park"},"active":false}"""
                .formatted(USER, userName)).put("/Users/" + id).then().statusCode(200).body("name.familyName", equalTo("Park"));
        scim().delete("/Users/" + id).then().statusCode(204);
        scim().delete("/Groups/" + gid).then().statusCode(204);
    }
}
