package dev.tether.authz;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.audit.AuditRetention;
import dev.tether.audit.AuditSealer;
import dev.tether.lineage.LineageApi;
import dev.tether.security.AdminRoles;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Apps report what agents did; each action is stored bound to the chain as it stood at its
 * occurredAt, flagged when its credential or a link was already revoked, recorded on the audit
 * trail, and found again by user, agent, delegation, credential and time.
 */
@QuarkusTest
class ActionTrailTest {

    static final String PAY = "https://pay.example.com";

    @Inject
    DataSource dataSource;

    @Inject
    AuditSealer sealer;

    @Inject
    AuditRetention retention;

    AuthZenApi api;
    String user;
    String a;
    String b;
    String toA;
    String toB;
    String keyB;
    String credentialB;

    @BeforeEach
    void chain() {
        api = AuthZenApi.create("actions-" + UUID.randomUUID());
        user = api.lineage().user("alice");
        a = api.lineage().agent("planner");
        b = api.lineage().agent("payer");
        toA = api.grant("User", user, a, List.of("pay", "read"), null, null);
        toB = api.grant("Agent", a, b, List.of("pay"), PAY, toA);
        keyB = "key-" + UUID.randomUUID();
        credentialB = api.credential(b, toB, keyB, PAY);
    }

    static RequestSpecification pep() {
        return given().auth().oauth2(AdminTokens.withGroups(AdminRoles.PEP)).contentType(ContentType.JSON)
                .accept(ContentType.JSON);
    }

    String actions() {
        return api.lineage().admin("/actions");
    }

    static Map<String, Object> action(Map<String, Object> who, String name, Instant at, String outcome) {
        Map<String, Object> body = new LinkedHashMap<>(who);
        body.put("action", name);
        body.put("target", Map.of("type", "invoice", "id", "inv-" + UUID.randomUUID(), "name", "March"));
        body.put("occurredAt", at.toString());
        body.put("outcome", outcome);
        body.put("metadata", Map.of("amount", 120));
        return body;
    }

    Map<String, Object> byCredential() {
        return Map.of("credential", Map.of("externalId", keyB, "audience", PAY));
    }

    @Test
    void anActionIsBoundToItsChainAndOnTheAuditTrail() {
        Response r = pep().body(action(byCredential(), "pay", Instant.now(), "success")).post(actions());
        r.then().statusCode(201)
                .body("agentId", equalTo(b))
                .body("credentialId", equalTo(credentialB))
                .body("delegationId", equalTo(toB))
                .body("rootUserId", equalTo(user))
                .body("chain", contains(toB, toA))
                .body("afterRevocation", equalTo(false))
                .body("binding.credential.state", equalTo("active"))
                .body("binding.delegations.state", contains("active", "active"))
                .body("target.name", equalTo("March"))
                .body("metadata.amount", equalTo(120))
                .body("audit.recordId", notNullValue());
        String id = r.path("id");
        // the audit record names it, and the sealer gives it a position in the chain
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Integer position = null;
        while (position == null && System.nanoTime() < deadline) {
            position = pep().queryParam("credential", credentialB).get(actions()).then().statusCode(200)
                    .extract().path("find { it.id == '" + id + "' }.audit.position");
        }
        assertNotNull(position, "the action's audit record was sealed into the chain");
        given().auth().oauth2(AdminTokens.operator()).get(api.lineage().admin("/audit/verify")).then().statusCode(200);
    }

    @Test
    void anActionAfterTheLeaverIsFlaggedAndOneBeforeItIsNot() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Thread.sleep(5);
        api.lineage().dir().scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                .patch(api.lineage().dir().path("/Users/" + user)).then().statusCode(200);
        Instant after = Instant.now();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("actions", List.of(action(byCredential(), "pay", before, "success"),
                action(byCredential(), "pay", after, "success"),
                action(Map.of("agent", a), "read", after, "failure")));
        Response r = pep().body(body).post(actions());
        r.then().statusCode(201).body("actions", hasSize(3))
                .body("actions.afterRevocation", contains(false, true, true))
                .body("actions[0].binding.credential.state", equalTo("active"))
                .body("actions[1].binding.credential.state", equalTo("revoked"))
                .body("actions[1].binding.credential.reason", equalTo("leaver"))
                .body("actions[1].binding.delegations.state", contains("revoked", "revoked"))
                .body("actions[2].delegationId", equalTo(toA))
                .body("actions[2].chain", contains(toA));
    }

    @Test
    void lineageAtAPastInstantShowsLinksAsTheyWereThen() throws Exception {
        Instant beforeAll = Instant.parse("2020-01-01T00:00:00Z");
        Thread.sleep(5);
        Instant then = Instant.now();
        Thread.sleep(5);
        api.lineage().dir().scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                .patch(api.lineage().dir().path("/Users/" + user)).then().statusCode(200);
        var integration = LineageApi.integration();
        integration.queryParam("at", then.toString()).get(api.lineage().admin("/users/" + user + "/lineage"))
                .then().statusCode(200)
                .body("delegations[0].delegation.id", equalTo(toA))
                .body("delegations[0].delegation.status", equalTo("active"))
                .body("delegations[0].delegation.revokedAt", org.hamcrest.Matchers.nullValue())
                .body("delegations[0].derived[0].delegation.id", equalTo(toB))
                .body("delegations[0].derived[0].delegation.status", equalTo("active"))
                .body("delegations[0].derived[0].credentials[0].status", equalTo("active"));
        LineageApi.integration().get(api.lineage().admin("/users/" + user + "/lineage")).then().statusCode(200)
                .body("delegations[0].delegation.status", equalTo("revoked"))
                .body("delegations[0].derived[0].credentials[0].status", equalTo("revoked"));
        LineageApi.integration().queryParam("at", then.toString()).get(api.lineage().admin("/agents/" + b + "/lineage"))
                .then().statusCode(200).body("chains[0].active", equalTo(true))
                .body("chains[0].delegations.id", contains(toB, toA));
        LineageApi.integration().get(api.lineage().admin("/agents/" + b + "/lineage")).then().statusCode(200)
                .body("chains[0].active", equalTo(false));
        LineageApi.integration().queryParam("at", beforeAll.toString())
                .get(api.lineage().admin("/users/" + user + "/lineage")).then().statusCode(200)
                .body("delegations", hasSize(0));
        LineageApi.integration().queryParam("at", "yesterday").get(api.lineage().admin("/agents/" + b + "/lineage"))
                .then().statusCode(400).body("errors[0].parameter", equalTo("at"));
    }

    @Test
    void lineageAtAPastInstantShowsEachAgentActiveOrNotAsItWasThen() throws Exception {
        Instant beforeAll = Instant.parse("2020-01-01T00:00:00Z");
        Instant allActive = pause();
        // b disabled through SCIM: its grant goes, a keeps its own
        patchActive("/Agents/" + b, false);
        Instant bInactive = pause();
        // the leaver: a loses its last grant and is suspended
        patchActive("/Users/" + user, false);
        Instant bothInactive = pause();
        // b enabled again (its grants stay revoked)
        patchActive("/Agents/" + b, true);
        Instant bActiveAgain = pause();

        String userLineage = api.lineage().admin("/users/" + user + "/lineage");
        lineageAt(userLineage, allActive).body("delegations[0].agent.id", equalTo(a))
                .body("delegations[0].agent.active", equalTo(true))
                .body("delegations[0].derived[0].agent.id", equalTo(b))
                .body("delegations[0].derived[0].agent.active", equalTo(true));
        lineageAt(userLineage, bInactive).body("delegations[0].agent.active", equalTo(true))
                .body("delegations[0].derived[0].agent.active", equalTo(false));
        lineageAt(userLineage, bothInactive).body("delegations[0].agent.active", equalTo(false))
                .body("delegations[0].derived[0].agent.active", equalTo(false));
        lineageAt(userLineage, bActiveAgain).body("delegations[0].agent.active", equalTo(false))
                .body("delegations[0].derived[0].agent.active", equalTo(true));

        String bLineage = api.lineage().admin("/agents/" + b + "/lineage");
        String aLineage = api.lineage().admin("/agents/" + a + "/lineage");
        lineageAt(bLineage, beforeAll).body("agent.id", equalTo(b)).body("agent.exists", equalTo(false))
                .body("agent.active", equalTo(false)).body("chains", hasSize(0));
        lineageAt(bLineage, allActive).body("agent.active", equalTo(true)).body("agent.exists", equalTo(true))
                .body("agent.name", equalTo("payer")).body("chains[0].active", equalTo(true));
        lineageAt(bLineage, bInactive).body("agent.active", equalTo(false)).body("agent.exists", equalTo(true));
        lineageAt(aLineage, bInactive).body("agent.active", equalTo(true));
        lineageAt(aLineage, bothInactive).body("agent.active", equalTo(false));
        lineageAt(bLineage, bActiveAgain).body("agent.active", equalTo(true));
        // now: as the rows are
        LineageApi.integration().get(bLineage).then().statusCode(200).body("agent.active", equalTo(true));
        LineageApi.integration().get(aLineage).then().statusCode(200).body("agent.active", equalTo(false));
    }

    private void patchActive(String path, boolean active) {
        api.lineage().dir().scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":"
                + active + "}")).patch(api.lineage().dir().path(path)).then().statusCode(200);
    }

    /** An instant strictly between the change before it and the one after it. */
    private static Instant pause() throws InterruptedException {
        Thread.sleep(5);
        Instant at = Instant.now();
        Thread.sleep(5);
        return at;
    }

    private static io.restassured.response.ValidatableResponse lineageAt(String lineage, Instant at) {
        return LineageApi.integration().queryParam("at", at.toString()).get(lineage).then().statusCode(200);
    }

    @Test
    void theOcsfExportIsOneApiActivityEventPerActionWithTheseFields() throws Exception {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> reported = action(byCredential(), "pay", at, "success");
        reported.put("decisionId", "decision-1");
        String id = pep().body(reported).post(actions()).then().statusCode(201).extract().path("id");
        sealer.sealAll();
        long position = pep().get(actions()).then().statusCode(200).extract()
                .<Number>path("find { it.id == '" + id + "' }.audit.position").longValue();

        Response export = pep().accept("application/jsonl").queryParam("credential", credentialB)
                .get(actions() + "/export");
        export.then().statusCode(200).contentType(startsWith("application/jsonl"));
        String[] lines = export.asString().split("\n");
        assertEquals(1, lines.length, export.asString());
        JsonNode e = new ObjectMapper().readTree(lines[0]);
        assertEquals(new TreeSet<>(List.of("class_uid", "class_name", "category_uid", "category_name", "activity_id",
                "activity_name", "type_uid", "type_name", "time", "severity_id", "severity", "status_id", "status",
                "status_code", "message", "metadata.version", "metadata.product.name", "metadata.product.vendor_name",
                "metadata.product.feature.name", "metadata.uid", "metadata.tenant_uid", "metadata.logged_time",
                "metadata.sequence", "metadata.correlation_uid", "actor.user.uid", "actor.user.name",
                "actor.user.type_id", "actor.user.type", "actor.app_uid", "actor.app_name", "actor.session.uid",
                "actor.session.credential_uid", "api.operation", "api.service.name", "src_endpoint.uid",
                "src_endpoint.name", "resources[].type", "resources[].uid", "resources[].name",
                "unmapped.delegation_chain[].id", "unmapped.delegation_chain[].delegator.type",
                "unmapped.delegation_chain[].delegator.id", "unmapped.delegation_chain[].agentId",
                "unmapped.delegation_chain[].rootUserId", "unmapped.delegation_chain[].scopes[]",
                "unmapped.delegation_chain[].audience", "unmapped.delegation_chain[].expiresAt",
                "unmapped.delegation_chain[].state", "unmapped.credential.id", "unmapped.credential.externalId",
                "unmapped.credential.audience", "unmapped.credential.state", "unmapped.after_revocation",
                "unmapped.outcome", "unmapped.decision_id", "unmapped.metadata.amount", "unmapped.audit.record_id",
                "unmapped.audit.position")), fields(e, "", new TreeSet<>()));
        assertEquals(6003, e.path("class_uid").asInt());
        assertEquals(600399, e.path("type_uid").asInt());
        assertEquals("pay", e.path("activity_name").asText());
        assertEquals(at.toEpochMilli(), e.path("time").asLong());
        assertEquals("1.3.0", e.path("metadata").path("version").asText());
        assertEquals(id, e.path("metadata").path("uid").asText());
        assertEquals(api.dir(), e.path("metadata").path("tenant_uid").asText());
        assertEquals(position, e.path("metadata").path("sequence").asLong());
        assertEquals(position, e.path("unmapped").path("audit").path("position").asLong());
        assertEquals(user, e.path("actor").path("user").path("uid").asText());
        assertEquals("alice", e.path("actor").path("user").path("name").asText());
        assertEquals(b, e.path("actor").path("app_uid").asText());
        assertEquals("payer", e.path("actor").path("app_name").asText());
        assertEquals(toB, e.path("actor").path("session").path("uid").asText());
        assertEquals(keyB, e.path("actor").path("session").path("credential_uid").asText());
        assertEquals(PAY, e.path("api").path("service").path("name").asText());
        assertEquals(1, e.path("status_id").asInt());
        assertEquals(1, e.path("severity_id").asInt());
        assertEquals(List.of(toB, toA), List.of(e.path("unmapped").path("delegation_chain").get(0).path("id").asText(),
                e.path("unmapped").path("delegation_chain").get(1).path("id").asText()));
        assertEquals("active", e.path("unmapped").path("delegation_chain").get(1).path("state").asText());
    }

    @Test
    void theOcsfExportStreamsEveryActionAndPagesWithALimit() {
        Instant at = Instant.now().minusSeconds(60);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batch.add(action(byCredential(), "pay", at.plusSeconds(i), i == 2 ? "denied" : "success"));
        }
        pep().body(Map.of("actions", batch)).post(actions()).then().statusCode(201);
        String export = actions() + "/export";
        assertEquals(3, pep().accept("application/jsonl").get(export).then().statusCode(200).extract().asString()
                .split("\n").length);
        Response first = pep().accept("application/jsonl").queryParam("limit", 2).get(export);
        first.then().statusCode(200);
        assertEquals(2, first.asString().split("\n").length);
        String next = first.header("Link");
        assertNotNull(next, "a limited export links to the rest");
        String url = next.substring(next.indexOf('<') + 1, next.indexOf('>'));
        String rest = pep().accept("application/jsonl").get(url).then().statusCode(200).extract().asString();
        assertEquals(1, rest.split("\n").length);
        assertTrue(rest.contains("\"status_id\":2"), rest);
        pep().accept("application/jsonl").queryParam("format", "csv").get(export).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].parameter", equalTo("format"));
        pep().accept("application/jsonl").queryParam("from", "yesterday").get(export).then().statusCode(400)
                .body("errors[0].parameter", equalTo("from"));
    }

    @Test
    void retentionCutsActionsWithTheirAuditRecordsAndTheChainStillVerifies() throws Exception {
        UUID directory = UUID.fromString(api.dir());
        String old = pep().header("Idempotency-Key", "old-report")
                .body(action(byCredential(), "pay", Instant.now(), "success")).post(actions())
                .then().statusCode(201).extract().path("id");
        sealer.sealAll();
        long cut = checkpointHead(directory);
        // no action leaves but with its records under a retention cut
        assertThrows(java.sql.SQLException.class, () -> deleteAction(old));
        String kept = pep().body(action(byCredential(), "pay", Instant.now(), "success")).post(actions())
                .then().statusCode(201).extract().path("id");
        sealer.sealAll();

        retention.cutThrough(directory, cut);

        pep().get(actions()).then().statusCode(200).body("id", contains(kept))
                .body("[0].audit.position", notNullValue());
        given().auth().oauth2(AdminTokens.operator()).get(api.lineage().admin("/audit/verify")).then().statusCode(200)
                .body("ok", equalTo(true));
        assertThrows(java.sql.SQLException.class, () -> deleteAction(kept));
        // the report's Idempotency-Key went with its actions: the key is free again
        pep().header("Idempotency-Key", "old-report").body(action(byCredential(), "read", Instant.now(), "failure"))
                .post(actions()).then().statusCode(201).header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue());
    }

    private long checkpointHead(UUID directory) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT max(chain_length) FROM audit_checkpoints WHERE directory_id = ?")) {
            ps.setObject(1, directory);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void deleteAction(String id) throws java.sql.SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM agent_actions WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(id));
            ps.executeUpdate();
        }
    }

    /** Every leaf's path, arrays as {@code []}, so two records of the same shape give the same set. */
    static Set<String> fields(JsonNode node, String prefix, Set<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> fields(f.getValue(), prefix.isEmpty() ? f.getKey()
                    : prefix + "." + f.getKey(), out));
        } else if (node.isArray()) {
            node.forEach(item -> fields(item, prefix + "[]", out));
        } else {
            out.add(prefix);
        }
        return out;
    }

    @Test
    void decisionsGoOnTheTrailAsTheDirectoryAsks() {
        String settings = api.lineage().admin("/authzen");
        var operator = given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON);
        operator.get(settings).then().statusCode(200).body("recordDecisions", equalTo("off"));
        Map<String, Object> permit = AuthZenApi.question(b, Map.of("credential", Map.of("externalId", keyB)), "pay", PAY);
        Map<String, Object> deny = AuthZenApi.question(b, Map.of(), "refund", PAY);
        api.evaluate(permit).then().statusCode(200).body("decision", equalTo(true));
        assertEquals(0, pep().queryParam("agent", b).get(actions()).then().extract().<List<?>>path("").size(), "off");

        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("recordDecisions", "denies")).put(settings).then().statusCode(200);
        api.evaluate(permit).then().statusCode(200);
        String denied = api.evaluate(deny).then().statusCode(200).extract().path("context.id");
        pep().queryParam("agent", b).get(actions()).then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].decisionId", equalTo(denied))
                .body("[0].outcome", equalTo("denied"))
                .body("[0].action", equalTo("refund"))
                .body("[0].metadata.reason", equalTo("scope_not_granted"))
                .body("[0].target.type", equalTo("api"));

        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("recordDecisions", "all")).put(settings).then().statusCode(200);
        String permitted = api.evaluate(permit).then().statusCode(200).extract().path("context.id");
        pep().queryParam("credential", credentialB).get(actions()).then().statusCode(200)
                .body("", hasSize(1)).body("[0].decisionId", equalTo(permitted)).body("[0].outcome", equalTo("success"))
                .body("[0].metadata.decision", equalTo("permit"));
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("recordDecisions", "sometimes")).put(settings).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/recordDecisions"));
        given().auth().oauth2(AdminTokens.withGroups(AdminRoles.PEP)).contentType(ContentType.JSON)
                .body(Map.of("recordDecisions", "off")).put(settings).then().statusCode(403);
    }

    @Test
    void theSameIdempotencyKeyStoresOnce() throws Exception {
        String key = "report-" + UUID.randomUUID();
        Map<String, Object> body = action(byCredential(), "pay", Instant.now(), "success");
        String first = pep().header("Idempotency-Key", key).body(body).post(actions()).then().statusCode(201)
                .extract().path("id");
        pep().header("Idempotency-Key", key).body(body).post(actions()).then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("id", equalTo(first));
        Map<String, Object> other = new LinkedHashMap<>(body);
        other.put("outcome", "denied");
        pep().header("Idempotency-Key", key).body(other).post(actions()).then().statusCode(409)
                .contentType("application/problem+json");
        assertEquals(1, count(), "one action stored");
    }

    /**
     * The first answer is built from what the request holds, the replay and the query read the rows:
     * all three say the same, field by field and in the same order, for metadata jsonb rewrites (key
     * order, a repeated name, number text) and times PostgreSQL cuts to microseconds. Only
     * audit.position may differ: the first answer comes before the record is sealed, so it has none,
     * while a replay or query after the sealer has run shows it.
     */
    @Test
    void aFirstAnswerSaysWhatItsReplayAndTheQuerySay() throws Exception {
        Instant beforeLeaver = Instant.now().minusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        api.lineage().dir().scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                .patch(api.lineage().dir().path("/Users/" + user)).then().statusCode(200);
        Instant afterLeaver = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        // nanoseconds, in UTC and at +02:00
        String nanosUtc = beforeLeaver.plusNanos(123_456_789).toString();
        String nanosPlusTwo = afterLeaver.plusNanos(987_654_321).atOffset(java.time.ZoneOffset.ofHours(2)).toString();
        String metadata = """
                {"zeta": 1.0, "b": 10, "aa": 1e2, "big": 1e7, "huge": 1.0E20, "tiny": 1e-7, "negzero": -0.0,
                 "exact": 1.50, "wide": 12345678901234567890123, "\u00e9": "\u00fcn\u00ef \ud83d\ude00", "zz": "\u65e5\u672c",
                 "dup": 1, "dup": "last", "nested": {"y": [3.0, {"k2": 1, "k": 2.5e1}], "x": null}, "t": true}""";
        String body = "{\"actions\": ["
                + "{\"credential\": {\"externalId\": \"" + keyB + "\", \"audience\": \"" + PAY + "\"}, \"action\": \"pay\","
                + " \"target\": {\"type\": \"invoice\", \"id\": \"inv-1\", \"name\": \"M\u00e4rz\"},"
                + " \"occurredAt\": \"" + nanosUtc + "\", \"outcome\": \"success\", \"metadata\": " + metadata + "},"
                + "{\"credential\": {\"externalId\": \"" + keyB + "\", \"audience\": \"" + PAY + "\"}, \"action\": \"pay\","
                + " \"target\": {\"type\": \"invoice\", \"id\": \"inv-2\"}, \"occurredAt\": \"" + nanosPlusTwo + "\","
                + " \"outcome\": \"denied\", \"decisionId\": \"d-2\", \"metadata\": " + metadata + "},"
                + "{\"agent\": \"" + a + "\", \"action\": \"read\", \"target\": {\"type\": \"invoice\", \"id\": \"inv-3\"},"
                + " \"occurredAt\": \"" + afterLeaver.plusNanos(1_000).toString() + "\", \"outcome\": \"failure\"}"
                + "]}";
        String key = "same-" + UUID.randomUUID();
        ObjectMapper json = new ObjectMapper();

        Response first = pep().header("Idempotency-Key", key).body(body).post(actions());
        first.then().statusCode(201).header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue())
                .body("actions.afterRevocation", contains(false, true, true))
                .body("actions[1].binding.credential.reason", equalTo("leaver"));
        JsonNode firstAnswer = json.readTree(first.asString()).get("actions");
        for (JsonNode item : firstAnswer) {
            assertNotNull(item.path("audit").get("recordId"), "each action names its audit record");
            assertTrue(item.path("audit").path("position").isMissingNode(), "not sealed before its report commits");
        }
        assertEquals(beforeLeaver.plusNanos(123_456_000).toString(), firstAnswer.get(0).path("occurredAt").asText(),
                "microseconds kept, nanoseconds cut");
        assertEquals(afterLeaver.plusNanos(987_654_000).toString(), firstAnswer.get(1).path("occurredAt").asText(),
                "in UTC");
        assertEquals(3, new java.util.HashSet<>(firstAnswer.findValuesAsText("recordId")).size());
        assertEquals("\u65e5\u672c", firstAnswer.get(0).path("metadata").path("zz").asText());
        assertEquals("last", firstAnswer.get(0).path("metadata").path("dup").asText());

        Response replay = pep().header("Idempotency-Key", key).body(body).post(actions());
        replay.then().statusCode(201).header("Idempotent-Replayed", "true");
        JsonNode replayed = json.readTree(replay.asString()).get("actions");
        // written again, so key order and number text count, not only values
        assertEquals(json.writeValueAsString(withoutPositions(firstAnswer)), json.writeValueAsString(withoutPositions(replayed)));

        JsonNode queried = json.readTree(pep().get(actions()).then().statusCode(200).extract().asString());
        Map<String, String> byId = new LinkedHashMap<>();
        for (JsonNode item : withoutPositions(queried)) {
            byId.put(item.path("id").asText(), json.writeValueAsString(item));
        }
        assertEquals(3, byId.size());
        for (JsonNode item : withoutPositions(firstAnswer)) {
            assertEquals(json.writeValueAsString(item), byId.get(item.path("id").asText()));
        }
    }

    /** The items with audit.position left out: it appears once the sealer has run, whichever answer is asked. */
    private static JsonNode withoutPositions(JsonNode items) {
        JsonNode copy = items.deepCopy();
        copy.forEach(item -> ((com.fasterxml.jackson.databind.node.ObjectNode) item.path("audit")).remove("position"));
        return copy;
    }

    @Test
    void queriesFindWhatWasDoneForWhomByWhomAndWithWhat() {
        String bob = api.lineage().user("bob");
        String c = api.lineage().agent("clerk");
        String toC = api.grant("User", bob, c, List.of("read"), null, null);
        // after the grants: an action before its delegation existed is bound to nothing
        Instant t0 = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(action(byCredential(), "pay", t0.plusSeconds(i), "success")); // b for alice
            batch.add(action(Map.of("agent", a), "read", t0.plusSeconds(i), "success")); // a for alice
            batch.add(action(Map.of("agent", c), "read", t0.plusSeconds(i), "success")); // c for bob
        }
        pep().body(Map.of("actions", batch)).post(actions()).then().statusCode(201);
        assertEquals(10, pep().queryParam("user", user).get(actions()).then().statusCode(200)
                .extract().<List<?>>path("").size(), "alice's, across agents and sub-agents");
        assertEquals(5, pep().queryParam("user", bob).get(actions()).then().extract().<List<?>>path("").size());
        assertEquals(5, pep().queryParam("agent", b).queryParam("delegation", toB).get(actions()).then()
                .extract().<List<?>>path("").size());
        assertEquals(10, pep().queryParam("delegation", toA).get(actions()).then().extract().<List<?>>path("").size(),
                "under toA: a's own and b's beneath it");
        assertEquals(5, pep().queryParam("credential", credentialB).get(actions()).then()
                .extract().<List<?>>path("").size());
        assertEquals(4, pep().queryParam("user", user).queryParam("from", t0.plusSeconds(1).toString())
                .queryParam("to", t0.plusSeconds(3).toString()).get(actions()).then()
                .extract().<List<?>>path("").size(), "from inclusive, to exclusive");
        assertEquals(5, pep().queryParam("delegation", toC).get(actions()).then().extract().<List<?>>path("").size());
        // paged, in occurredAt order
        List<String> seen = new ArrayList<>();
        String next = actions() + "?user=" + user + "&limit=3";
        while (next != null) {
            Response page = pep().get(java.net.URI.create(next).getPath() + "?" + java.net.URI.create(next).getRawQuery());
            page.then().statusCode(200);
            seen.addAll(page.path("id"));
            String link = page.header("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        }
        assertEquals(10, seen.size());
        assertEquals(10, seen.stream().distinct().count());
    }

    @Test
    void badReportsAreProblemsAndStoreNothing() throws Exception {
        Map<String, Object> noOutcome = action(byCredential(), "pay", Instant.now(), "success");
        noOutcome.remove("outcome");
        pep().body(noOutcome).post(actions()).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/outcome"));
        pep().body(Map.of("actions", List.of(action(byCredential(), "pay", Instant.now(), "success"),
                action(Map.of("credential", Map.of("externalId", "nobody-knows")), "pay", Instant.now(), "success"))))
                .post(actions()).then().statusCode(400).body("errors[0].pointer", equalTo("/actions/1/credential"));
        pep().body(action(Map.of("agent", UUID.randomUUID().toString()), "pay", Instant.now(), "success"))
                .post(actions()).then().statusCode(400).body("errors[0].pointer", equalTo("/agent"));
        pep().body(action(byCredential(), "pay", Instant.now().plus(Duration.ofDays(1)), "success"))
                .post(actions()).then().statusCode(400).body("errors[0].pointer", equalTo("/occurredAt"));
        Map<String, Object> wide = action(byCredential(), "pay", Instant.now(), "success");
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (int i = 0; i < 51; i++) {
            metadata.put("k" + i, i);
        }
        wide.put("metadata", metadata);
        pep().body(wide).post(actions()).then().statusCode(400).body("errors[0].pointer", equalTo("/metadata"));
        given().contentType(ContentType.JSON).body(action(byCredential(), "pay", Instant.now(), "success"))
                .post(actions()).then().statusCode(401);
        given().auth().oauth2(AdminTokens.withGroups(AdminRoles.AUDITOR)).contentType(ContentType.JSON)
                .body(action(byCredential(), "pay", Instant.now(), "success")).post(actions()).then().statusCode(403);
        assertEquals(0, count());
    }

    long count() throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM agent_actions WHERE directory_id = ?")) {
            ps.setObject(1, UUID.fromString(api.dir()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
