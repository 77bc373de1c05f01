package dev.tether.events;

import static dev.tether.events.WebhookReceiver.await;
import static dev.tether.lineage.LineageApi.patch;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.tether.lineage.LineageApi;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A receiving app acts on lineage events by its own handles (the credential's externalId and
 * audience, the agent's and user's names) without calling Tether back; each type's fields are
 * pinned, so a field that appears or disappears fails here.
 */
@QuarkusTest
class EventHandlesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String EXPIRES = OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).withNano(0).toString();

    @Inject
    SubscriptionStore store;

    @Test
    void eachLineageEventTypeCarriesExactlyItsFields() throws Exception {
        Fixture f = Fixture.create("event-handles-fields");
        String second = f.issue("fields-key-2", "https://app-a.example").then().statusCode(201).extract().path("id");
        f.api.integration().delete(f.api.admin("/credentials/" + f.credential)).then().statusCode(204);
        f.api.dir().scim().body(patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                .patch(f.api.dir().path("/Agents/" + f.agent)).then().statusCode(200);

        Map<String, JsonNode> byType = new LinkedHashMap<>();
        for (JsonNode e : LineageEventsTest.events(f.api.dir().id())) {
            byType.putIfAbsent(e.path("type").asText(), e.path("data"));
        }
        Set<String> agentHandle = Set.of("id", "name", "externalId");
        Set<String> rootUser = Set.of("id", "userName", "externalId");
        Set<String> link = Set.of("id", "scopes");

        JsonNode registered = byType.get("credential.registered");
        assertEquals(Set.of("directoryId", "credential", "chain", "agent", "rootUser", "delegations"), names(registered));
        assertEquals(Set.of("id", "agentId", "delegationId", "kind", "externalId", "audience", "fingerprint",
                "expiresAt", "status", "createdAt"), names(registered.path("credential")));
        assertEquals(Set.of("rootUserId", "delegationId", "agentId", "credentialId"), names(registered.path("chain")));
        assertEquals(agentHandle, names(registered.path("agent")));
        assertEquals(rootUser, names(registered.path("rootUser")));
        assertEquals(link, names(registered.path("delegations").get(0)));

        // the manual revocation and the cascade's carry the same fields
        List<JsonNode> revoked = LineageEventsTest.events(f.api.dir().id()).stream()
                .filter(e -> e.path("type").asText().equals("credential.revoked")).map(e -> e.path("data")).toList();
        assertEquals(2, revoked.size());
        for (JsonNode r : revoked) {
            assertEquals(Set.of("directoryId", "reason", "chain", "credential", "agent", "rootUser", "delegations"),
                    names(r));
            assertEquals(Set.of("id", "agentId", "delegationId", "kind", "externalId", "audience", "fingerprint",
                    "expiresAt", "status"), names(r.path("credential")));
            assertEquals(Set.of("rootUserId", "delegationId", "agentId", "credentialId"), names(r.path("chain")));
            assertEquals(agentHandle, names(r.path("agent")));
            assertEquals(rootUser, names(r.path("rootUser")));
            assertEquals(link, names(r.path("delegations").get(0)));
            assertEquals("revoked", r.at("/credential/status").asText());
        }
        assertEquals(Set.of(f.credential, second), Set.of(revoked.get(0).at("/credential/id").asText(),
                revoked.get(1).at("/credential/id").asText()));

        JsonNode granted = byType.get("delegation.created");
        assertEquals(Set.of("directoryId", "delegation", "chain", "agent", "rootUser", "delegations"), names(granted));
        assertEquals(Set.of("id", "delegator", "agentId", "rootUserId", "depth", "scopes", "audience", "expiresAt",
                "basisGroups", "kind", "status", "createdAt"), names(granted.path("delegation")));
        assertEquals(Set.of("rootUserId", "delegationId", "agentId"), names(granted.path("chain")));
        assertEquals(agentHandle, names(granted.path("agent")));

        JsonNode delegationRevoked = byType.get("delegation.revoked");
        assertEquals(Set.of("directoryId", "reason", "chain", "delegation", "agent", "rootUser", "delegations"),
                names(delegationRevoked));
        assertEquals(Set.of("id", "delegator", "agentId", "scopes", "audience", "expiresAt", "status"),
                names(delegationRevoked.path("delegation")));
        assertEquals(List.of("read", "write"), strings(delegationRevoked.at("/delegation/scopes")));
        assertEquals("https://app-a.example", delegationRevoked.at("/delegation/audience").asText());
        assertEquals(f.user, delegationRevoked.at("/delegation/delegator/id").asText());

        JsonNode suspended = byType.get("agent.suspended");
        assertEquals(Set.of("directoryId", "reason", "chain", "agent"), names(suspended));
        assertEquals(agentHandle, names(suspended.path("agent")));
        assertEquals("handles-bot", suspended.at("/agent/name").asText());
        assertEquals("bot-ext-1", suspended.at("/agent/externalId").asText());

        for (String type : List.of("agent.created", "agent.updated")) {
            JsonNode agent = byType.get(type);
            assertEquals(Set.of("directoryId", "agent", "changedAttributes"), names(agent), type);
            assertEquals("handles-bot", agent.at("/agent/name").asText());
            assertEquals("bot-ext-1", agent.at("/agent/externalId").asText());
        }

        // the chain by name: the root user and each delegation with its scopes
        assertEquals("handles.alice", registered.at("/rootUser/userName").asText());
        assertEquals("alice-ext-1", registered.at("/rootUser/externalId").asText());
        assertEquals(f.delegation, registered.at("/delegations/0/id").asText());
        assertEquals(List.of("read", "write"), strings(registered.at("/delegations/0/scopes")));

        // nothing secret, anywhere
        for (JsonNode data : byType.values()) {
            for (String name : allNames(data)) {
                String n = name.toLowerCase();
                assertFalse(n.contains("secret") || n.contains("password") || n.contains("token"), name);
            }
        }
    }

    @Test
    void aReceiverKnowingOnlyItsKeyFindsItsRevocationInTheWebhookAndInTheSet() throws Exception {
        Fixture f = Fixture.create("event-handles-receiver");
        try (WebhookReceiver hooks = WebhookReceiver.started(); WebhookReceiver ssf = WebhookReceiver.started()
                .respond(r -> WebhookReceiver.Reply.of(202))) {
            var webhook = Subscriptions.create(hooks.url(), "standard-webhooks", f.api.dir().id(),
                    List.of("credential.revoked"));
            String ssfId = Subscriptions.create(ssf.url(), "ssf", f.api.dir().id(), List.of("credential.revoked"))
                    .getString("id");
            f.api.integration().delete(f.api.admin("/credentials/" + f.credential)).then().statusCode(204);
            await(Duration.ofSeconds(30), "both delivered", () -> hooks.received().size() == 1
                    && Subscriptions.deliveries(ssfId, "succeeded").size() == 1);

            // what the app knows: its key's externalId and the audience it issued it for
            String myKey = "key-123";
            String myAudience = "https://app-a.example";

            WebhookReceiver.Received hook = hooks.received().get(0);
            assertTrue(StandardWebhooksVerifier.verifies(hook, webhook.getString("secret")));
            JsonNode body = JSON.readTree(hook.body());
            assertEquals("credential.revoked", body.path("type").asText());
            assertEquals(myKey, body.at("/data/credential/externalId").asText());
            assertEquals(myAudience, body.at("/data/credential/audience").asText());
            assertEquals("api_key", body.at("/data/credential/kind").asText());
            assertEquals("handles-bot", body.at("/data/agent/name").asText());

            JWTClaimsSet set = SsfDeliveryTest.verify(ssf.received().get(0).body());
            @SuppressWarnings("unchecked")
            Map<String, Object> change = (Map<String, Object>) set.getJSONObjectClaim("events")
                    .get("https://schemas.openid.net/secevent/caep/event-type/credential-change");
            assertNotNull(change);
            assertEquals("revoke", change.get("change_type"));
            assertEquals(myKey, change.get("friendly_name"));
            Map<String, Object> lineage = set.getJSONObjectClaim(SecurityEventTokens.TETHER_CLAIM);
            @SuppressWarnings("unchecked")
            Map<String, Object> credential = (Map<String, Object>) lineage.get("credential");
            assertEquals(myAudience, credential.get("audience"));
            assertEquals(myKey, credential.get("externalId"));
            assertEquals("Agent", lineage.get("userType"));
            @SuppressWarnings("unchecked")
            Map<String, Object> subject = (Map<String, Object>) set.getClaim("sub_id");
            assertEquals(Map.of("format", "opaque", "id", f.agent), subject.get("user"));
            Subscriptions.delete(webhook.getString("id"));
            Subscriptions.delete(ssfId);
        }
    }

    @Test
    void anAudienceFilteredSubscriptionGetsOnlyItsAudiencesCredentialEvents() throws Exception {
        Fixture f = Fixture.create("event-handles-audience");
        try (WebhookReceiver hooks = WebhookReceiver.started()) {
            JsonPath sub = given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                    .body(Map.of("url", hooks.url(), "format", Subscription.SSF, "directoryIds", List.of(f.api.dir().id()),
                            "audiences", List.of("https://app-b.example")))
                    .post("/admin/v1/subscriptions").then().statusCode(201).extract().jsonPath();
            assertEquals(List.of("https://app-b.example"), sub.getList("audiences"));
            assertEquals(hooks.url(), sub.getString("audience"), "the SET aud actually used: the URL when none was given");
            String subId = sub.getString("id");
            String forB = f.issue("key-for-b", "https://app-b.example").then().statusCode(201).extract().path("id");
            f.issue("key-for-c", "https://app-c.example").then().statusCode(201);
            f.api.integration().delete(f.api.admin("/credentials/" + f.credential)).then().statusCode(204);
            f.api.integration().delete(f.api.admin("/credentials/" + forB)).then().statusCode(204);
            f.api.user("handles.bob");

            await(Duration.ofSeconds(30), "two deliveries", () -> Subscriptions.deliveries(subId, null).size() >= 2);
            Thread.sleep(500); // nothing else may follow
            List<Map<String, Object>> deliveries = Subscriptions.deliveries(subId, null);
            assertEquals(2, deliveries.size(), deliveries.toString());
            await(Duration.ofSeconds(30), "both received", () -> hooks.received().size() >= 2);
            Set<String> seen = new HashSet<>();
            for (WebhookReceiver.Received r : hooks.received()) {
                JWTClaimsSet set = SsfDeliveryTest.verify(r.body());
                Map<String, Object> lineage = set.getJSONObjectClaim(SecurityEventTokens.TETHER_CLAIM);
                seen.add(lineage.get("eventType") + " " + ((Map<?, ?>) lineage.get("credential")).get("externalId"));
            }
            assertEquals(Set.of("credential.registered key-for-b", "credential.revoked key-for-b"), seen);
            Subscriptions.delete(subId);
        }
    }

    @Test
    void audiencesAreChangedAndClearedThroughTheAdminApi() {
        String id = given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("url", "http://127.0.0.1:9/audiences", "format", Subscription.STANDARD_WEBHOOKS,
                        "audiences", List.of("https://app-a.example")))
                .post("/admin/v1/subscriptions").then().statusCode(201)
                .body("audiences", equalTo(List.of("https://app-a.example"))).extract().path("id");
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body("{\"audiences\":[]}").patch("/admin/v1/subscriptions/{id}", id)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body("{\"audiences\":[\"https://app-b.example\"]}").patch("/admin/v1/subscriptions/{id}", id)
                .then().statusCode(200).body("audiences", equalTo(List.of("https://app-b.example")));
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body("{\"audiences\":null}").patch("/admin/v1/subscriptions/{id}", id)
                .then().statusCode(200).body("audiences", nullValue());
        Subscriptions.delete(id);
    }

    /** A user and an agent with external ids, a grant with audience and expiry, and key-123 under it. */
    record Fixture(LineageApi api, String user, String agent, String delegation, String credential) {

        static Fixture create(String name) {
            LineageApi api = LineageApi.create(name);
            String user = api.dir().scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                    "userName", "handles.alice", "externalId", "alice-ext-1", "active", true))
                    .post(api.dir().path("/Users")).then().statusCode(201).extract().path("id");
            String agent = api.dir().scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Agent"),
                    "name", "handles-bot", "externalId", "bot-ext-1", "active", true))
                    .post(api.dir().path("/Agents")).then().statusCode(201).extract().path("id");
            String delegation = api.grant(Map.of("delegator", Map.of("type", "User", "id", user), "agentId", agent,
                    "scopes", List.of("read", "write"), "audience", "https://app-a.example", "expiresAt", EXPIRES))
                    .then().statusCode(201).extract().path("id");
            Fixture f = new Fixture(api, user, agent, delegation, null);
            String credential = f.issue("key-123", "https://app-a.example").then().statusCode(201).extract().path("id");
            return new Fixture(api, user, agent, delegation, credential);
        }

        io.restassured.response.Response issue(String externalId, String audience) {
            return LineageApi.integration().body(Map.of("agentId", agent, "delegationId", delegation, "kind", "api_key",
                    "externalId", externalId, "audience", audience, "fingerprint", "SHA256:" + externalId,
                    "expiresAt", EXPIRES)).post(api.admin("/credentials"));
        }
    }

    static Set<String> names(JsonNode n) {
        Set<String> names = new HashSet<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static Set<String> allNames(JsonNode n) {
        Set<String> names = new HashSet<>();
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                names.add(e.getKey());
                names.addAll(allNames(e.getValue()));
            }
        } else if (n.isArray()) {
            n.forEach(x -> names.addAll(allNames(x)));
        }
        return names;
    }

    static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
