package dev.tether.events;

import static dev.tether.events.WebhookReceiver.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SsfDeliveryTest {

    static final String RISC_ACCOUNT_DISABLED = "https://schemas.openid.net/secevent/risc/event-type/account-disabled";

    /** Verifies a SET as a receiver would: nimbus, keys from the published JWKS, typ secevent+jwt, RS256. */
    static JWTClaimsSet verify(String set) throws Exception {
        String jwks = given().get("/ssf/jwks.json").then().statusCode(200).extract().asString();
        JWKSet keys = JWKSet.parse(jwks);
        for (var key : keys.getKeys()) {
            assertTrue(((RSAKey) key).toRSAPublicKey().getModulus().bitLength() >= 2048);
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("secevent+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)));
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        }); // SETs carry no exp; RFC 8417 claims are checked below
        return processor.process(set, null);
    }

    @Test
    void pushesVerifiableSetsForALeaver() throws Exception {
        ScimDirectory dir = ScimDirectory.create("ssf-leaver");
        AtomicInteger calls = new AtomicInteger();
        try (WebhookReceiver receiver = WebhookReceiver.started().respond(r -> calls.incrementAndGet() == 1
                ? new WebhookReceiver.Reply(400, Map.of("Content-Type", "application/json"),
                        "{\"err\":\"invalid_audience\",\"description\":\"not for me\"}")
                : WebhookReceiver.Reply.of(202))) {
            JsonPath sub = Subscriptions.create(receiver.url(), "ssf", dir.id(),
                    List.of("user.deactivated", "user.deleted"));
            String subId = sub.getString("id");
            assertEquals(null, sub.getString("secret"));
            String alice = WebhookDeliveryTest.createUser(dir, "ssf.alice");
            dir.scim().body(EventFeedTest.patchActive(false)).patch(dir.path("/Users/" + alice)).then().statusCode(200);

            await(Duration.ofSeconds(30), "delivered after the 400", () -> Subscriptions.deliveries(subId, "succeeded").size() == 1);
            List<WebhookReceiver.Received> got = receiver.received();
            assertEquals(2, got.size());
            assertEquals("application/secevent+jwt", got.get(0).header("content-type"));
            assertEquals(com.nimbusds.jwt.SignedJWT.parse(got.get(0).body()).getJWTClaimsSet().getJWTID(),
                    com.nimbusds.jwt.SignedJWT.parse(got.get(1).body()).getJWTClaimsSet().getJWTID(),
                    "the same jti on retry (iat is each attempt's signing time)");

            JWTClaimsSet claims = verify(got.get(1).body());
            Map<String, Object> event = EventFeedTest.feed(dir.id(), "user.deactivated").get(0);
            assertEquals(event.get("id"), claims.getJWTID());
            assertEquals(event.get("txn"), claims.getStringClaim("txn"));
            assertEquals(List.of(receiver.url()), claims.getAudience());
            String issuer = given().get("/.well-known/ssf-configuration").then().statusCode(200).extract().path("issuer");
            assertEquals(issuer, claims.getIssuer());
            assertTrue(claims.getIssueTime() != null);
            Map<String, Object> events = claims.getJSONObjectClaim("events");
            assertEquals(List.of(RISC_ACCOUNT_DISABLED), List.copyOf(events.keySet()));
            @SuppressWarnings("unchecked")
            Map<String, Object> subId2 = (Map<String, Object>) claims.getClaim("sub_id");
            assertEquals("complex", subId2.get("format"));
            assertEquals(Map.of("format", "opaque", "id", alice), subId2.get("user"));
            assertEquals(Map.of("format", "opaque", "id", dir.id()), subId2.get("tenant"));

            // the receiver's 400 was recorded with its err and description
            given().auth().oauth2(dev.tether.testing.AdminTokens.operator())
                    .get("/admin/v1/subscriptions/{id}/deliveries", subId).then().statusCode(200)
                    .body("[0].attempts", org.hamcrest.Matchers.equalTo(2))
                    .body("[0].lastStatusCode", org.hamcrest.Matchers.equalTo(202));
            Subscriptions.delete(subId);
        }
    }

    @Test
    void agentsGrantsAndCredentialsBecomeSets() throws Exception {
        dev.tether.lineage.LineageApi api = dev.tether.lineage.LineageApi.create("ssf-lineage");
        try (WebhookReceiver receiver = WebhookReceiver.started().respond(r -> WebhookReceiver.Reply.of(202))) {
            String subId = Subscriptions.create(receiver.url(), "ssf", api.dir().id(),
                    List.of("agent.created", "delegation.created", "credential.registered")).getString("id");
            String user = api.user("ssf-lineage-user");
            String agent = api.agent("ssf-lineage-bot");
            String delegation = api.delegateFromUser(user, agent, List.of("read"));
            String credential = api.credential(agent, delegation, "ssf-lineage-key");
            await(Duration.ofSeconds(30), "three SETs", () -> Subscriptions.deliveries(subId, "succeeded").size() == 3);

            Map<String, JWTClaimsSet> byType = new java.util.HashMap<>();
            for (WebhookReceiver.Received r : receiver.received()) {
                JWTClaimsSet claims = verify(r.body());
                byType.put(claims.getJSONObjectClaim("events").keySet().iterator().next(), claims);
            }
            String caep = "https://schemas.openid.net/secevent/caep/event-type/";
            assertEquals(java.util.Set.of("https://tether.dev/secevent/event-type/agent.created",
                    caep + "session-established", caep + "credential-change"), byType.keySet());

            JWTClaimsSet created = byType.get("https://tether.dev/secevent/event-type/agent.created");
            assertEquals(Map.of("format", "opaque", "id", agent), subject(created).get("user"));
            Map<String, Object> payload = eventPayload(created);
            assertEquals(agent, ((Map<?, ?>) payload.get("agent")).get("id"));
            assertEquals(1L, ((Number) payload.get("sequence")).longValue());

            JWTClaimsSet established = byType.get(caep + "session-established");
            assertEquals(Map.of("format", "opaque", "id", delegation), subject(established).get("session"));
            assertEquals(Map.of("format", "opaque", "id", api.dir().id()), subject(established).get("tenant"));
            assertTrue(eventPayload(established).get("event_timestamp") instanceof Number);

            JWTClaimsSet changed = byType.get(caep + "credential-change");
            // the subject is the agent that holds the credential; the credential is in the CAEP fields
            assertEquals(Map.of("format", "opaque", "id", agent), subject(changed).get("user"));
            assertEquals("ssf-lineage-key", eventPayload(changed).get("friendly_name"));
            assertEquals("create", eventPayload(changed).get("change_type"));
            assertEquals("app", eventPayload(changed).get("credential_type"));
            Subscriptions.delete(subId);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> subject(JWTClaimsSet claims) {
        return (Map<String, Object>) claims.getClaim("sub_id");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> eventPayload(JWTClaimsSet claims) throws Exception {
        return (Map<String, Object>) claims.getJSONObjectClaim("events").values().iterator().next();
    }

    @Test
    void publishesTransmitterMetadataAndJwks() {
        String jwksUri = given().get("/.well-known/ssf-configuration").then().statusCode(200)
                .body("spec_version", org.hamcrest.Matchers.equalTo("1_0"))
                .body("delivery_methods_supported", org.hamcrest.Matchers.hasItem("urn:ietf:rfc:8935"))
                .extract().path("jwks_uri");
        assertTrue(jwksUri.endsWith("/ssf/jwks.json"));
        given().get("/ssf/jwks.json").then().statusCode(200)
                .body("keys[0].kty", org.hamcrest.Matchers.equalTo("RSA"))
                .body("keys[0].alg", org.hamcrest.Matchers.equalTo("RS256"))
                .body("keys[0].kid", org.hamcrest.Matchers.notNullValue());
    }
}
