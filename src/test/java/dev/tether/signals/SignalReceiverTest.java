package dev.tether.signals;

import static dev.tether.events.WebhookReceiver.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import dev.tether.events.WebhookReceiver;
import dev.tether.lineage.LineageApi;
import dev.tether.testing.AdminTokens;
import dev.tether.testing.DirectoryRows;
import dev.tether.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The SSF receiver end to end: a transmitter of the test's own (nimbus, JWKS on loopback) pushes
 * SETs to a signal source's endpoint; what an operator and a downstream app observe is checked:
 * statuses and RFC 8935 error bodies, credentials revoked, the hold on the user's lineage, the
 * audit trail, the SETs Tether sends on, and the rows a refused SET must leave untouched.
 */
@QuarkusTest
class SignalReceiverTest {

    static final String SECEVENT = "application/secevent+jwt";

    /** One directory with alice → agent → delegation → credential, and a signal source for the transmitter. */
    record Scene(LineageApi api, String user, String email, String agent, String delegation, String credential,
            JsonPath source) {

        String endpoint() {
            return source.getString("pushEndpoint");
        }

        String header() {
            return source.getString("authorizationHeader");
        }

        String audience() {
            return source.getString("audience");
        }
    }

    static Scene scene(String name, TestTransmitter transmitter) {
        LineageApi api = LineageApi.create(name);
        String email = name + ".alice@example.com";
        String user = api.dir().scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                "userName", name + ".alice", "active", true, "externalId", "ext-" + name,
                "emails", List.of(Map.of("value", email, "primary", true))))
                .post(api.dir().path("/Users")).then().statusCode(201).extract().path("id");
        String agent = api.agent(name + "-agent");
        String delegation = api.delegateFromUser(user, agent, List.of("read"));
        String credential = api.credential(agent, delegation, name + "-key");
        JsonPath source = operator().body(Map.of("issuer", transmitter.issuer, "jwksUri", transmitter.jwksUri()))
                .post(sources(api.dir().id())).then().statusCode(201).extract().jsonPath();
        return new Scene(api, user, email, agent, delegation, credential, source);
    }

    static io.restassured.specification.RequestSpecification operator() {
        return given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    static String sources(String dir) {
        return "/admin/v1/directories/" + dir + "/signal-sources";
    }

    static Response push(String endpoint, String header, String set) {
        return given().header("Authorization", header).contentType(SECEVENT).body(set.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post(endpoint);
    }

    static long receipts(String sourceId) {
        return count("SELECT count(*) FROM signal_receipts WHERE source_id = ?", UUID.fromString(sourceId));
    }

    static long holds(String userId) {
        return count("SELECT count(*) FROM user_holds WHERE user_id = ?", UUID.fromString(userId));
    }

    static long count(String sql, Object param) {
        try (Connection c = TestDatabase.postgres().getPostgresDatabase().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Map<String, Object>> trail(String dir, String action) {
        List<Map<String, Object>> records = given().auth().oauth2(AdminTokens.withGroups("tether-auditor"))
                .get("/admin/v1/directories/" + dir + "/audit?count=1000").then().statusCode(200)
                .extract().jsonPath().getList("records.record");
        return records.stream().filter(r -> action.equals(r.get("action"))).toList();
    }

    @Test
    void sourcesAreCreatedShownOnceListedPausedAndDeletedOnTheTrail() {
        try (TestTransmitter transmitter = new TestTransmitter()) {
            LineageApi api = LineageApi.create("signal-sources");
            String dir = api.dir().id();
            JsonPath created = operator().body(Map.of("issuer", transmitter.issuer, "jwksUri", transmitter.jwksUri(),
                    "subjectMatch", List.of("externalId"), "actions", Map.of("session-revoked", "hold")))
                    .post(sources(dir)).then().statusCode(201).header("Location", org.hamcrest.Matchers.containsString("/signal-sources/"))
                    .extract().jsonPath();
            String id = created.getString("id");
            String endpoint = created.getString("pushEndpoint");
            assertTrue(endpoint.startsWith("http") && endpoint.endsWith("/ssf/push/" + id), endpoint);
            assertTrue(created.getString("authorizationHeader").startsWith("Bearer tss_"));
            assertEquals(endpoint, created.getString("audience"), "the audience defaults to the push endpoint");
            assertEquals("push", created.getString("delivery"));
            assertEquals("active", created.getString("status"));
            assertEquals(List.of("externalId"), created.getList("subjectMatch"));
            assertEquals("hold", created.getString("actions.session-revoked"));
            assertEquals("revoke", created.getString("actions.account-disabled"));
            assertEquals("record", created.getString("actions.account-enabled"));

            operator().get(sources(dir) + "/" + id).then().statusCode(200)
                    .body("pushEndpoint", equalTo(endpoint)).body("authorizationHeader", nullValue());
            operator().get(sources(dir)).then().statusCode(200).body("id", equalTo(List.of(id)))
                    .body("[0].authorizationHeader", nullValue());
            // another directory does not see it
            String other = LineageApi.create("signal-sources-other").dir().id();
            operator().get(sources(other) + "/" + id).then().statusCode(404)
                    .contentType("application/problem+json");

            operator().body(Map.of("status", "paused")).patch(sources(dir) + "/" + id).then().statusCode(200)
                    .body("status", equalTo("paused"));
            operator().body(Map.of("status", "active")).patch(sources(dir) + "/" + id).then().statusCode(200)
                    .body("status", equalTo("active"));
            operator().delete(sources(dir) + "/" + id).then().statusCode(204);
            operator().get(sources(dir) + "/" + id).then().statusCode(404);
            operator().delete(sources(dir) + "/" + id).then().statusCode(404);

            List<String> actions = new ArrayList<>();
            for (String a : List.of("signal_source.created", "signal_source.paused", "signal_source.resumed",
                    "signal_source.deleted")) {
                List<Map<String, Object>> records = trail(dir, a);
                assertEquals(1, records.size(), a);
                assertEquals("admin", ((Map<?, ?>) records.get(0).get("actor")).get("type"), a);
                actions.add(a);
            }
            assertEquals(4, actions.size());
        }
    }

    @Test
    void badSourceDefinitionsAreProblemsAndMakeNothing() {
        try (TestTransmitter transmitter = new TestTransmitter()) {
            String dir = LineageApi.create("signal-sources-bad").dir().id();
            Map<String, Long> before = DirectoryRows.count(dir);
            List<Map<String, Object>> bodies = List.of(
                    Map.of("jwksUri", transmitter.jwksUri()),
                    Map.of("issuer", transmitter.issuer),
                    Map.of("issuer", transmitter.issuer, "jwksUri", "ftp://example.com/jwks"),
                    Map.of("issuer", transmitter.issuer, "jwksUri", transmitter.jwksUri(), "delivery", "carrier-pigeon"),
                    Map.of("issuer", transmitter.issuer, "jwksUri", transmitter.jwksUri(), "subjectMatch", List.of("phone")),
                    Map.of("issuer", transmitter.issuer, "jwksUri", transmitter.jwksUri(), "actions",
                            Map.of("account-disabled", "explode")),
                    Map.of("issuer", transmitter.issuer, "jwksUri", transmitter.jwksUri(), "actions",
                            Map.of("made-up-event", "revoke")),
                    Map.of("issuer", transmitter.issuer, "jwksUri", transmitter.jwksUri(), "audience", " "),
                    Map.of("issuer", transmitter.issuer, "configurationUrl", transmitter.issuer + "/no-such-configuration"),
                    Map.of("issuer", "https://another.example.com", "configurationUrl", transmitter.configurationUrl()),
                    Map.of("issuer", transmitter.issuer, "jwksUri", transmitter.jwksUri(), "delivery", "poll"));
            for (Map<String, Object> body : bodies) {
                operator().body(body).post(sources(dir)).then().statusCode(400)
                        .contentType("application/problem+json").body("status", equalTo(400));
            }
            operator().get(sources(dir)).then().statusCode(200).body("size()", equalTo(0));
            assertEquals(before, DirectoryRows.count(dir));
        }
    }

    @Test
    void accountDisabledRevokesEverythingUnderOneTxnAndHoldsTheUserUntilScimConfirms() throws Exception {
        try (TestTransmitter transmitter = new TestTransmitter();
                WebhookReceiver downstream = WebhookReceiver.started().respond(r -> WebhookReceiver.Reply.of(202))) {
            Scene s = scene("signal-disabled", transmitter);
            String dir = s.api().dir().id();
            operator().body(Map.of("url", downstream.url(), "format", "ssf", "directoryIds", List.of(dir),
                    "eventTypes", List.of("credential.revoked"))).post("/admin/v1/subscriptions").then().statusCode(201);

            Map<String, Object> claims = transmitter.claims(s.audience(), TestTransmitter.RISC + "account-disabled",
                    TestTransmitter.email(s.email().toUpperCase()));
            String jti = (String) claims.get("jti");
            push(s.endpoint(), s.header(), transmitter.sign(claims)).then().statusCode(202);

            // revoked, for the signal, under the upstream jti
            Map<String, Object> credential = LineageApi.integration().get(s.api().admin("/credentials/" + s.credential()))
                    .then().statusCode(200).extract().jsonPath().getMap("");
            assertEquals("revoked", credential.get("status"));
            assertEquals("signal:account-disabled", credential.get("reason"));
            assertEquals(jti, credential.get("cause"));
            assertEquals("revoked", s.api().delegationStatus(s.delegation()));
            // the user's SCIM state stays the IdP's
            s.api().dir().scim().get(s.api().dir().path("/Users/" + s.user())).then().statusCode(200)
                    .body("active", equalTo(true));

            // the SET's own record, with the raw SET as evidence, before the revocations it caused
            List<Map<String, Object>> received = trail(dir, "signal.receive");
            assertEquals(1, received.size());
            Map<?, ?> details = (Map<?, ?>) received.get(0).get("details");
            assertEquals(jti, details.get("jti"));
            assertEquals(transmitter.issuer, details.get("issuer"));
            assertEquals(s.user(), details.get("rootUser"));
            assertTrue(((String) details.get("set")).startsWith("eyJ"));
            assertEquals(jti, received.get(0).get("cause"));
            List<Map<String, Object>> revoked = trail(dir, "credential.revoke");
            assertEquals(1, revoked.size());
            assertEquals(jti, revoked.get(0).get("cause"));

            // amplified: the SET Tether sends on carries the upstream jti as its txn
            await(Duration.ofSeconds(20), "the credential.revoked SET", () -> !downstream.received().isEmpty());
            SignedJWT sent = SignedJWT.parse(downstream.received().get(0).body());
            assertEquals(jti, sent.getJWTClaimsSet().getStringClaim("txn"));

            // on hold: shown on the lineage, new grants and credentials refused
            LineageApi.integration().get(s.api().admin("/users/" + s.user() + "/lineage")).then().statusCode(200)
                    .body("hold.reason", equalTo("signal:account-disabled")).body("hold.jti", equalTo(jti))
                    .body("hold.issuer", equalTo(transmitter.issuer))
                    .body("hold.signalSourceId", equalTo(s.source().getString("id")));
            String agent2 = s.api().agent("signal-disabled-agent-2");
            s.api().grant(Map.of("delegator", Map.of("type", "User", "id", s.user()), "agentId", agent2,
                    "scopes", List.of("read"))).then().statusCode(409).contentType("application/problem+json");

            // the IdP's SCIM confirms the user active: the hold ends
            s.api().dir().scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Alice\"}"))
                    .patch(s.api().dir().path("/Users/" + s.user())).then().statusCode(200);
            LineageApi.integration().get(s.api().admin("/users/" + s.user() + "/lineage")).then().statusCode(200)
                    .body("hold", nullValue());
            String d2 = s.api().delegateFromUser(s.user(), agent2, List.of("read"));
            s.api().credential(agent2, d2, "signal-disabled-key-2");
            assertEquals(1, trail(dir, "user.hold").size());
            assertEquals("scim", ((Map<?, ?>) trail(dir, "user.hold.release").get(0).get("details")).get("releasedBy"));
        }
    }

    @Test
    void aReplayedSetHasNoSecondEffectAndAnOperatorReleasesTheHold() {
        try (TestTransmitter transmitter = new TestTransmitter()) {
            Scene s = scene("signal-replay", transmitter);
            String dir = s.api().dir().id();
            String set = transmitter.sign(transmitter.claims(s.audience(), TestTransmitter.CAEP + "session-revoked",
                    Map.of("format", "iss_sub", "iss", transmitter.issuer, "sub", "ext-signal-replay")));
            push(s.endpoint(), s.header(), set).then().statusCode(202);
            assertEquals("revoked", s.api().credentialStatus(s.credential()));

            // the operator releases the hold; a new grant and credential are accepted again
            given().auth().oauth2(AdminTokens.operator()).delete(s.api().admin("/users/" + s.user() + "/hold"))
                    .then().statusCode(204);
            given().auth().oauth2(AdminTokens.operator()).delete(s.api().admin("/users/" + s.user() + "/hold"))
                    .then().statusCode(404).contentType("application/problem+json");
            String agent2 = s.api().agent("signal-replay-agent-2");
            String d2 = s.api().delegateFromUser(s.user(), agent2, List.of("read"));
            String c2 = s.api().credential(agent2, d2, "signal-replay-key-2");

            Map<String, Long> before = DirectoryRows.count(dir);
            push(s.endpoint(), s.header(), set).then().statusCode(202);
            assertEquals(before, DirectoryRows.count(dir), "a replay changes nothing");
            assertEquals("active", s.api().credentialStatus(c2));
            assertEquals(0, holds(s.user()));
            assertEquals(1, trail(dir, "signal.receive").size());
            assertEquals(1, receipts(s.source().getString("id")));
        }
    }

    @Test
    void everyRefusalIsAnRfc8935ErrorAndChangesNothing() {
        try (TestTransmitter transmitter = new TestTransmitter()) {
            Scene s = scene("signal-refusals", transmitter);
            Scene other = scene("signal-refusals-b", transmitter);
            String dir = s.api().dir().id();
            String sourceId = s.source().getString("id");
            String disabled = TestTransmitter.RISC + "account-disabled";
            Function<Map<String, Object>, String> sign = transmitter::sign;
            Map<String, Object> valid = transmitter.claims(s.audience(), disabled, TestTransmitter.email(s.email()));
            String reusedJti = (String) valid.get("jti");

            record Case(String name, String err, Response response) {
            }
            List<Case> cases = new ArrayList<>();
            String good = sign.apply(valid);
            cases.add(new Case("no Authorization", "authentication_failed",
                    given().contentType(SECEVENT).body(good.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post(s.endpoint())));
            cases.add(new Case("another source's Authorization", "authentication_failed",
                    push(s.endpoint(), other.header(), good)));
            cases.add(new Case("unknown source", "authentication_failed",
                    push(s.endpoint().replace(sourceId, UUID.randomUUID().toString()), s.header(), good)));
            cases.add(new Case("wrong content type", "invalid_request",
                    given().header("Authorization", s.header()).contentType(ContentType.JSON).body(good)
                            .post(s.endpoint())));
            cases.add(new Case("not a JWS", "invalid_request", push(s.endpoint(), s.header(), "hello")));
            cases.add(new Case("alg none", "invalid_request", push(s.endpoint(), s.header(),
                    TestTransmitter.unsigned(valid))));
            cases.add(new Case("HMAC with the public key", "invalid_key", push(s.endpoint(), s.header(),
                    transmitter.signHmacWithPublicKey(valid))));
            cases.add(new Case("a key the JWKS does not hold", "invalid_key", push(s.endpoint(), s.header(),
                    TestTransmitter.sign(valid, TestTransmitter.newKey(), h -> {
                    }))));
            cases.add(new Case("the published kid, another key", "invalid_key", push(s.endpoint(), s.header(),
                    TestTransmitter.sign(valid, TestTransmitter.newKey(), h -> h.keyID(transmitter.key().getKeyID())))));
            cases.add(new Case("typ JWT", "invalid_request", push(s.endpoint(), s.header(),
                    TestTransmitter.sign(valid, transmitter.key(), h -> h.type(com.nimbusds.jose.JOSEObjectType.JWT)))));
            cases.add(new Case("another issuer", "invalid_issuer", push(s.endpoint(), s.header(),
                    sign.apply(with(valid, "iss", "https://evil.example.com")))));
            cases.add(new Case("another audience", "invalid_audience", push(s.endpoint(), s.header(),
                    sign.apply(with(valid, "aud", other.audience())))));
            cases.add(new Case("iat in the future", "invalid_request", push(s.endpoint(), s.header(),
                    sign.apply(with(valid, "iat", System.currentTimeMillis() / 1000 + 3600)))));
            cases.add(new Case("iat two days old", "invalid_request", push(s.endpoint(), s.header(),
                    sign.apply(with(valid, "iat", System.currentTimeMillis() / 1000 - 2 * 86400)))));
            cases.add(new Case("no iat", "invalid_request", push(s.endpoint(), s.header(),
                    sign.apply(with(valid, "iat", null)))));
            cases.add(new Case("a sub claim", "invalid_request", push(s.endpoint(), s.header(),
                    sign.apply(with(valid, "sub", s.email())))));
            cases.add(new Case("no jti", "invalid_request", push(s.endpoint(), s.header(),
                    sign.apply(with(valid, "jti", null)))));
            cases.add(new Case("no events", "invalid_request", push(s.endpoint(), s.header(),
                    sign.apply(with(valid, "events", Map.of())))));
            cases.add(new Case("only unknown event types", "invalid_request", push(s.endpoint(), s.header(),
                    sign.apply(with(valid, "events", Map.of("https://example.com/made-up", Map.of()))))));

            Map<String, Long> before = DirectoryRows.count(dir);
            for (Case c : cases) {
                c.response().then().statusCode(400).contentType(ContentType.JSON);
                assertEquals(c.err(), c.response().jsonPath().getString("err"), c.name());
                assertTrue(!c.response().jsonPath().getString("description").isBlank(), c.name());
            }
            // paused: access_denied
            operator().body(Map.of("status", "paused")).patch(sources(dir) + "/" + sourceId).then().statusCode(200);
            Response paused = push(s.endpoint(), s.header(), good);
            paused.then().statusCode(400);
            assertEquals("access_denied", paused.jsonPath().getString("err"));
            operator().body(Map.of("status", "active")).patch(sources(dir) + "/" + sourceId).then().statusCode(200);

            Map<String, Long> after = DirectoryRows.count(dir);
            // the pause and resume are the only records: no SET left a trace
            assertEquals(before.get("audit_records") + 2, after.get("audit_records"));
            after.put("audit_records", before.get("audit_records"));
            assertEquals(before, after);
            assertEquals("active", s.api().credentialStatus(s.credential()));
            assertEquals(0, holds(s.user()));
            assertEquals(0, receipts(sourceId));
            assertEquals(0, trail(dir, "signal.receive").size());

            // the jti of the refused SETs was never recorded: the valid SET is accepted and acts
            push(s.endpoint(), s.header(), good).then().statusCode(202);
            assertEquals(reusedJti, LineageApi.integration().get(s.api().admin("/credentials/" + s.credential()))
                    .then().statusCode(200).extract().path("cause"));
            assertEquals("active", other.api().credentialStatus(other.credential()));
        }
    }

    @Test
    void anotherDirectorysSubjectOrAnUnknownOneIsRecordedAndHasNoEffect() {
        try (TestTransmitter transmitter = new TestTransmitter()) {
            Scene a = scene("signal-tenant-a", transmitter);
            Scene b = scene("signal-tenant-b", transmitter);
            String disabled = TestTransmitter.RISC + "account-disabled";
            for (Map<String, Object> subject : List.of(TestTransmitter.email(b.email()),
                    Map.<String, Object>of("format", "opaque", "id", "ext-signal-tenant-b"),
                    Map.<String, Object>of("format", "account", "uri", "acct:nobody@example.com"),
                    Map.<String, Object>of("format", "phone_number", "phone_number", "+12025550100"))) {
                push(a.endpoint(), a.header(), transmitter.sign(transmitter.claims(a.audience(), disabled, subject)))
                        .then().statusCode(202);
            }
            assertEquals("active", b.api().credentialStatus(b.credential()));
            assertEquals("active", a.api().credentialStatus(a.credential()));
            assertEquals(0, holds(b.user()));
            assertEquals(0, holds(a.user()));
            List<Map<String, Object>> received = trail(a.api().dir().id(), "signal.receive");
            assertEquals(4, received.size());
            for (Map<String, Object> r : received) {
                Map<?, ?> details = (Map<?, ?>) r.get("details");
                assertNull(details.get("rootUser"));
                assertEquals(Map.of(disabled, "unknown-subject"), details.get("events"));
            }
            assertEquals(0, trail(b.api().dir().id(), "signal.receive").size());

            // a complex subject whose user is an account URI finds a's own user
            push(a.endpoint(), a.header(), transmitter.sign(transmitter.claims(a.audience(), disabled,
                    Map.of("format", "complex", "user", Map.of("format", "account", "uri", "acct:" + a.email())))))
                    .then().statusCode(202);
            assertEquals("revoked", a.api().credentialStatus(a.credential()));
        }
    }

    @Test
    void anUnknownKidFetchesTheJwksOnceMoreAndKnownKidsUseTheCache() {
        try (TestTransmitter transmitter = new TestTransmitter()) {
            Scene s = scene("signal-rotation", transmitter);
            String enabled = TestTransmitter.RISC + "account-enabled";
            push(s.endpoint(), s.header(), transmitter.sign(transmitter.claims(s.audience(), enabled,
                    TestTransmitter.email(s.email())))).then().statusCode(202);
            int first = transmitter.jwksFetches();
            assertTrue(first >= 1);
            push(s.endpoint(), s.header(), transmitter.sign(transmitter.claims(s.audience(), enabled,
                    TestTransmitter.email(s.email())))).then().statusCode(202);
            assertEquals(first, transmitter.jwksFetches(), "a known kid is verified from the cache");

            transmitter.rotate();
            push(s.endpoint(), s.header(), transmitter.sign(transmitter.claims(s.audience(), enabled,
                    TestTransmitter.email(s.email())))).then().statusCode(202);
            assertEquals(first + 1, transmitter.jwksFetches(), "an unknown kid fetches the JWKS once more");
            // account-enabled clears nothing and revokes nothing
            assertEquals("active", s.api().credentialStatus(s.credential()));
            assertEquals(0, holds(s.user()));
            assertNotEquals(0, trail(s.api().dir().id(), "signal.receive").size());
        }
    }

    /** A copy of the claims with one changed; null removes it. */
    static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(claims);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, value);
        }
        copy.put("jti", claims.get("jti"));
        if (name.equals("jti") && value == null) {
            copy.remove("jti");
        }
        return copy;
    }
}
