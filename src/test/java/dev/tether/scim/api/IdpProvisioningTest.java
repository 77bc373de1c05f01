package dev.tether.scim.api;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.directory.Lifecycle;
import dev.tether.directory.LifecycleRecorder;
import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Provisioning cycles as Microsoft Entra ID, Okta and OneLogin/JumpCloud send them, taken
 * from their published SCIM documentation, with the lifecycle each write is classified as.
 */
@QuarkusTest
class IdpProvisioningTest {

    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    @Inject
    LifecycleRecorder lifecycle;

    static String patch(String ops) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + ops + "]}";
    }

    @Test
    void entraFullCycle() {
        ScimDirectory dir = ScimDirectory.create("entra");
        // connection test: a random id and a random userName, answered with empty lists
        dir.scim().queryParam("filter", "id eq \"" + UUID.randomUUID() + "\"").get(dir.path("/Users"))
                .then().statusCode(200).body("totalResults", equalTo(0));
        dir.scim().queryParam("filter", "userName eq \"" + UUID.randomUUID() + "@contoso.com\"")
                .get(dir.path("/Users")).then().statusCode(200).body("totalResults", equalTo(0));
        // Entra looks users up by externalId, sometimes unquoted
        dir.scim().queryParam("filter", "externalId eq 0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef").get(dir.path("/Users"))
                .then().statusCode(200).body("totalResults", equalTo(0));

        String manager = dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"boss@contoso.com","active":true}""")
                .post(dir.path("/Users")).then().statusCode(201).extract().path("id");
        String id = dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","%s"],
                 "externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userName":"Test_User_ab6490ee@contoso.com",
                 "active":true,"displayName":"Test User",
                 "emails":[{"primary":true,"type":"work","value":"Test_User_fd0ea19b@contoso.com"}],
                 "meta":{"resourceType":"User"},
                 "name":{"formatted":"givenName familyName","familyName":"familyName","givenName":"givenName"},
                 "roles":[],
                 "%s":{"employeeNumber":null,"department":"Sales"}}""".formatted(ENTERPRISE, ENTERPRISE))
                .post(dir.path("/Users")).then().statusCode(201).extract().path("id");
        assertEquals(Lifecycle.JOINER, lifecycle.last(id));
        dir.scim().queryParam("filter", "externalId eq \"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef\"")
                .get(dir.path("/Users")).then().body("totalResults", equalTo(1));

        // capitalised ops, dotted and URN-prefixed keys in a no-path Replace
        dir.scim().body(patch("""
                {"op":"Replace","value":{"name.givenName":"Grace","%s:employeeNumber":"7","displayName":"Grace H"}}"""
                        .formatted(ENTERPRISE)))
                .patch(dir.path("/Users/" + id)).then().statusCode(200)
                .body("name.givenName", equalTo("Grace"))
                .body("name.familyName", equalTo("familyName"))
                .body("'" + ENTERPRISE + "'.employeeNumber", equalTo("7"));
        assertEquals(Lifecycle.MOVER, lifecycle.last(id));

        // emails[type eq "work"].value replace
        dir.scim().body(patch("""
                {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"grace@contoso.com"}"""))
                .patch(dir.path("/Users/" + id)).then().statusCode(200)
                .body("emails[0].value", equalTo("grace@contoso.com"));

        // manager set as a bare string, then cleared with ""
        dir.scim().body(patch("""
                {"op":"Add","path":"%s:manager","value":"%s"}""".formatted(ENTERPRISE, manager)))
                .patch(dir.path("/Users/" + id)).then().statusCode(200)
                .body("'" + ENTERPRISE + "'.manager.value", equalTo(manager));
        dir.scim().body(patch("""
                {"op":"Replace","path":"%s:manager","value":""}""".formatted(ENTERPRISE)))
                .patch(dir.path("/Users/" + id)).then().statusCode(200)
                .body("'" + ENTERPRISE + "'", not(hasKey("manager")));

        // groups: extra schema URN, "$ref": null, add and both removal forms
        String gid = dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group",
                            "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
                 "externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"Group1DisplayName",
                 "members":[]}""").post(dir.path("/Groups")).then().statusCode(201).extract().path("id");
        dir.scim().body(patch("""
                {"op":"Add","path":"members","value":[{"$ref":null,"value":"%s"},{"$ref":null,"value":"%s"}]}"""
                        .formatted(id, manager)))
                .patch(dir.path("/Groups/" + gid)).then().statusCode(200);
        assertEquals(1, lifecycle.membershipChanges(id, true));
        dir.scim().body(patch("""
                {"op":"Remove","path":"members","value":[{"value":"%s"}]}""".formatted(manager)))
                .patch(dir.path("/Groups/" + gid)).then().statusCode(200)
                .body("members.value", containsInAnyOrder(id));
        dir.scim().body(patch("""
                {"op":"Remove","path":"members[value eq \\"%s\\"]"}""".formatted(id)))
                .patch(dir.path("/Groups/" + gid)).then().statusCode(200);
        assertEquals(1, lifecycle.membershipChanges(id, false));
        dir.scim().body(patch("""
                {"op":"Replace","path":"displayName","value":"1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName"}"""))
                .patch(dir.path("/Groups/" + gid)).then().statusCode(200);

        // deactivate with a string boolean: a leaver
        dir.scim().body(patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}"))
                .patch(dir.path("/Users/" + id)).then().statusCode(200).body("active", equalTo(false));
        assertEquals(Lifecycle.LEAVER, lifecycle.last(id));
        // and back: a rejoiner
        dir.scim().body(patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}"))
                .patch(dir.path("/Users/" + id)).then().statusCode(200).body("active", equalTo(true));
        assertEquals(Lifecycle.REJOINER, lifecycle.last(id));

        dir.scim().delete(dir.path("/Users/" + id)).then().statusCode(204);
        assertEquals(Lifecycle.LEAVER, lifecycle.last(id));
        dir.scim().delete(dir.path("/Groups/" + gid)).then().statusCode(204);
    }

    @Test
    void oktaFullCycle() {
        ScimDirectory dir = ScimDirectory.create("okta");
        dir.scim().queryParam("filter", "userName eq \"isabella.sun@example.com\"")
                .queryParam("startIndex", 1).queryParam("count", 100)
                .get(dir.path("/Users")).then().statusCode(200).body("totalResults", equalTo(0))
                .body("startIndex", equalTo(1));
        String id = dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"isabella.sun@example.com",
                 "name":{"givenName":"Isabella","familyName":"Sun"},
                 "emails":[{"primary":true,"value":"isabella.sun@example.com","type":"work"}],
                 "displayName":"Isabella Sun","locale":"en-US","externalId":"00ujl29u0le5T6Aj10h7",
                 "groups":[],"password":"1mz050nq","active":true}""")
                .post(dir.path("/Users")).then().statusCode(201)
                .body("$", not(hasKey("password"))).extract().path("id");
        assertEquals(Lifecycle.JOINER, lifecycle.last(id));
        dir.scim().queryParam("filter", "userName eq \"isabella.sun@example.com\"")
                .queryParam("startIndex", 1).queryParam("count", 100)
                .get(dir.path("/Users")).then().statusCode(200).body("totalResults", equalTo(1))
                .body("Resources[0].id", equalTo(id));
        // profile update by PUT
        dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"%s","userName":"isabella.sun@example.com",
                 "name":{"givenName":"Isabella","familyName":"Sun-Lee"},"active":true,
                 "emails":[{"primary":true,"value":"isabella.sun@example.com","type":"work"}]}""".formatted(id))
                .put(dir.path("/Users/" + id)).then().statusCode(200).body("name.familyName", equalTo("Sun-Lee"));
        assertEquals(Lifecycle.MOVER, lifecycle.last(id));
        // deactivation by no-path replace with "id" inside the value
        dir.scim().body(patch("{\"op\":\"replace\",\"value\":{\"id\":\"" + id + "\",\"active\":false}}"))
                .patch(dir.path("/Users/" + id)).then().statusCode(200).body("active", equalTo(false));
        assertEquals(Lifecycle.LEAVER, lifecycle.last(id));
        dir.scim().body(patch("{\"op\":\"replace\",\"value\":{\"active\":true}}"))
                .patch(dir.path("/Users/" + id)).then().statusCode(200).body("active", equalTo(true));
        assertEquals(Lifecycle.REJOINER, lifecycle.last(id));

        // group push: create, PUT with the full member list, PATCH replace members, rename
        String other = dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"other@example.com","active":true}""")
                .post(dir.path("/Users")).then().statusCode(201).extract().path("id");
        String gid = dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Test SCIMv2","members":[]}""")
                .post(dir.path("/Groups")).then().statusCode(201).extract().path("id");
        dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"%s","displayName":"Test SCIMv2",
                 "members":[{"value":"%s","display":"isabella.sun@example.com"},{"value":"%s","display":"other"}]}"""
                        .formatted(gid, id, other))
                .put(dir.path("/Groups/" + gid)).then().statusCode(200)
                .body("members.value", containsInAnyOrder(id, other));
        dir.scim().body(patch("""
                {"op":"replace","path":"members","value":[{"value":"%s","display":"other"}]}""".formatted(other)))
                .patch(dir.path("/Groups/" + gid)).then().statusCode(200)
                .body("members.value", containsInAnyOrder(other));
        dir.scim().body(patch("""
                {"op":"replace","value":{"id":"%s","displayName":"Test SCIMv2 renamed"}}""".formatted(gid)))
                .patch(dir.path("/Groups/" + gid)).then().statusCode(200)
                .body("displayName", equalTo("Test SCIMv2 renamed"));
        dir.scim().queryParam("filter", "displayName eq \"Test SCIMv2 renamed\"").queryParam("excludedAttributes", "members")
                .get(dir.path("/Groups")).then().statusCode(200).body("totalResults", equalTo(1));
        dir.scim().delete(dir.path("/Groups/" + gid)).then().statusCode(204);
    }

    @Test
    void oneLoginJumpCloudStyleCycle() {
        ScimDirectory dir = ScimDirectory.create("onelogin");
        String id = dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"kim@example.org",
                 "name":{"givenName":"Kim","familyName":"Lee"},"emails":[{"value":"kim@example.org"}]}""")
                .post(dir.path("/Users")).then().statusCode(201).extract().path("id");
        String gid = dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Staff",
                 "members":[{"value":"%s"}]}""".formatted(id))
                .post(dir.path("/Groups")).then().statusCode(201).extract().path("id");
        dir.scim().body(patch("""
                {"op":"remove","path":"members","value":[{"value":"%s"}]}""".formatted(id)))
                .patch(dir.path("/Groups/" + gid)).then().statusCode(200).body("$", not(hasKey("members")));
        dir.scim().body(patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                .patch(dir.path("/Users/" + id)).then().statusCode(200);
        assertEquals(Lifecycle.LEAVER, lifecycle.last(id));
    }
}
