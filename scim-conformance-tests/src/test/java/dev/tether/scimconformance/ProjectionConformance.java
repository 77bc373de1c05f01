package dev.tether.scimconformance;

import static dev.tether.scimconformance.support.ScimServer.*;
import static org.hamcrest.Matchers.*;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** attributes / excludedAttributes on reads and writes (RFC 7644 §3.4.2.5, §3.9). */
@Tag("projection")
class ProjectionConformance {

    static String richUser() {
        String userName = unique("prj");
        return create("/Users", """
                {"schemas":["%s"],"userName":"%s","displayName":"Projected","name":{"givenName":"Pro","familyName":"Jected"},
                 "emails":[{"value":"p@example.com","type":"work"}]}""".formatted(USER, userName));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.5 MUST: attributes limits the response; id (returned=always) stays")
    void attributesOnGet() {
        String id = richUser();
        scim().queryParam("attributes", "userName").get("/Users/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("$", hasKey("userName"))
                .body("$", not(hasKey("emails"))).body("$", not(hasKey("name"))).body("$", not(hasKey("displayName")));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.5 MUST: attributes may name a sub-attribute (name.givenName)")
    void attributesSubAttribute() {
        String id = richUser();
        scim().queryParam("attributes", "name.givenName").get("/Users/" + id).then().statusCode(200)
                .body("name.givenName", equalTo("Pro")).body("name", not(hasKey("familyName")));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.5 MUST: excludedAttributes removes attributes; returned=always ones (id) stay")
    void excludedAttributesOnGet() {
        String id = richUser();
        scim().queryParam("excludedAttributes", "emails,id").get("/Users/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("$", not(hasKey("emails"))).body("userName", notNullValue())
                .body("displayName", equalTo("Projected"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.5 MUST: attributes accepts URN-qualified names")
    void attributesUrn() {
        String id = richUser();
        scim().queryParam("attributes", USER + ":displayName").get("/Users/" + id).then().statusCode(200)
                .body("displayName", equalTo("Projected")).body("$", not(hasKey("emails")));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.5 MUST: attributes on a list applies to each resource")
    void attributesOnList() {
        requires(Feature.FILTER);
        String id = richUser();
        scim().queryParam("filter", "id eq \"" + id + "\"").queryParam("attributes", "displayName").get("/Users")
                .then().statusCode(200).body("Resources[0].id", equalTo(id))
                .body("Resources[0].displayName", equalTo("Projected")).body("Resources[0]", not(hasKey("emails")));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2.5 MUST: excludedAttributes=members leaves members out of groups")
    void excludeMembers() {
        String user = createUser(unique("prj-m"));
        String group = createGroup(unique("prj-g"), user);
        scim().queryParam("excludedAttributes", "members").get("/Groups/" + group).then().statusCode(200)
                .body("$", not(hasKey("members"))).body("displayName", notNullValue());
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.9 MUST: attributes applies to the resource returned by POST")
    void attributesOnCreate() {
        String userName = unique("prj-post");
        var r = scim().queryParam("attributes", "userName").body("""
                {"schemas":["%s"],"userName":"%s","displayName":"Hidden"}""".formatted(USER, userName)).post("/Users");
        r.then().statusCode(201).body("userName", equalTo(userName)).body("$", not(hasKey("displayName")));
        created("/Users/" + r.path("id"));
    }
}
