package dev.tether.authz;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.lineage.LineageApi;
import dev.tether.security.AdminRoles;
import dev.tether.security.DirectoryClaim;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The AuthZEN endpoints as an enforcement point sees them: a chain user → a → b with narrowing
 * scopes and audiences, a credential on b, and every endpoint asked over HTTP in AuthZEN's JSON.
 */
@QuarkusTest
class AuthZenEndpointsTest {

    static final String PAY = "https://pay.example.com";
    static final String MAIL = "https://mail.example.com";

    @Inject
    DataSource dataSource;

    AuthZenApi api;
    String user;
    String a;
    String b;
    String toA;
    String toB;
    String key;

    @BeforeEach
    void chain() {
        api = AuthZenApi.create("authzen-" + UUID.randomUUID());
        user = api.lineage().user("alice");
        a = api.lineage().agent("planner");
        b = api.lineage().agent("payer");
        toA = api.grant("User", user, a, List.of("payments:write", "payments:read", "mail:send"), null, null);
        toB = api.grant("Agent", a, b, List.of("payments:write", "payments:read"), PAY, toA);
        key = "key-" + UUID.randomUUID();
        api.credential(b, toB, key, PAY);
    }

    @Test
    void aPermitRestsOnTheWholeChainAndSaysUntilWhenItMayBeCached() {
        Instant before = Instant.now();
        Response r = api.evaluate(AuthZenApi.question(b, Map.of("credential", Map.of("externalId", key),
                "delegation", toB), "payments:write", PAY));
        r.then().statusCode(200).contentType(ContentType.JSON)
                .body("decision", equalTo(true))
                .body("context.delegation", equalTo(toB))
                .body("context.chain", contains(toB, toA))
                .body("context.on_behalf_of.id", equalTo(user))
                .body("context.id", notNullValue());
        Instant until = Instant.parse(r.path("context.valid_until"));
        // no expiry on the chain: the permit is bounded by tether.authzen.permit-ttl (5 minutes)
        assertTrue(until.isAfter(before.plus(Duration.ofMinutes(4))) && until.isBefore(before.plus(Duration.ofMinutes(6))),
                "valid_until " + until);
        // the same question by the credential's handle alone
        assertTrue(api.evaluate(Map.of("subject", Map.of("type", "credential", "id", key),
                "action", Map.of("name", "payments:read"), "resource", AuthZenApi.resource(PAY)))
                .then().statusCode(200).extract().<Boolean>path("decision"));
    }

    @Test
    void aDisabledDirectoryPermitsNothingUntilItIsEnabledAgain() {
        Map<String, Object> question = AuthZenApi.question(b, Map.of("credential", Map.of("externalId", key)),
                "payments:write", PAY);
        String directory = "/admin/v1/directories/" + api.lineage().dir().id();
        api.evaluate(question).then().statusCode(200).body("decision", equalTo(true));
        given().auth().oauth2(AdminTokens.operator()).delete(directory).then().statusCode(204);
        api.evaluate(question).then().statusCode(200)
                .body("decision", equalTo(false))
                .body("context.reason", equalTo("directory_disabled"));
        given().auth().oauth2(AdminTokens.operator()).post(directory + "/enable").then().statusCode(200);
        api.evaluate(question).then().statusCode(200).body("decision", equalTo(true));
    }

    @Test
    void validUntilIsTheEarliestExpiryOnTheChain() {
        Instant soon = Instant.now().plus(Duration.ofMinutes(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String c = api.lineage().agent("short-lived");
        Map<String, Object> grant = new LinkedHashMap<>(Map.of("delegator", Map.of("type", "Agent", "id", a),
                "agentId", c, "scopes", List.of("mail:send"), "parentDelegationId", toA, "expiresAt", soon.toString()));
        String toC = api.lineage().grant(grant).then().statusCode(201).extract().path("id");
        Response r = api.evaluate(AuthZenApi.question(c, Map.of("delegation", toC), "mail:send", MAIL));
        r.then().statusCode(200).body("decision", equalTo(true));
        assertEquals(soon, Instant.parse(r.path("context.valid_until")));
    }

    @Test
    void eachFailedLinkIsNamed() {
        // scope that b's delegation narrowed away
        api.evaluate(AuthZenApi.question(b, Map.of(), "mail:send", PAY)).then().statusCode(200)
                .body("decision", equalTo(false))
                .body("context.reason", equalTo("scope_not_granted"))
                .body("context.failed_link.id", equalTo(toB))
                .body("context.reason_admin.en", containsString(toB))
                .body("context.valid_until", nullValue());
        // audience b's delegation is not for
        api.evaluate(AuthZenApi.question(b, Map.of(), "payments:write", MAIL)).then().statusCode(200)
                .body("decision", equalTo(false)).body("context.reason", equalTo("audience_not_granted"));
        // a credential of another agent
        api.evaluate(AuthZenApi.question(a, Map.of("credential", Map.of("externalId", key)), "payments:write", PAY))
                .then().statusCode(200)
                .body("decision", equalTo(false)).body("context.reason", equalTo("credential_not_bound"));
        // an agent of no delegation, an id that is no id, a subject type Tether does not hold
        String idle = api.lineage().agent("idle");
        for (String subject : List.of(idle, UUID.randomUUID().toString(), "not-an-id")) {
            api.evaluate(AuthZenApi.question(subject, Map.of(), "payments:write", PAY)).then().statusCode(200)
                    .body("decision", equalTo(false)).body("context.reason", equalTo("no_delegation"));
        }
        api.evaluate(Map.of("subject", Map.of("type", "user", "id", user), "action", Map.of("name", "payments:write"),
                "resource", AuthZenApi.resource(PAY))).then().statusCode(200)
                .body("decision", equalTo(false)).body("context.reason", equalTo("unsupported_subject"));
    }

    @Test
    void theLeaverDeniesAtOnceAndTheReasonNamesTheRootLink() {
        assertTrue(api.decide(b, Map.of(), "payments:write", PAY));
        api.lineage().dir().scim().body(LineageApi.patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}"))
                .patch(api.lineage().dir().path("/Users/" + user)).then().statusCode(200);
        api.evaluate(AuthZenApi.question(b, Map.of("credential", Map.of("externalId", key)), "payments:write", PAY))
                .then().statusCode(200)
                .body("decision", equalTo(false))
                .body("context.reason", equalTo("credential_revoked"))
                .body("context.reason_admin.en", containsString("leaver"));
        api.evaluate(AuthZenApi.question(b, Map.of(), "payments:write", PAY)).then().statusCode(200)
                .body("decision", equalTo(false))
                .body("context.reason", equalTo("delegation_revoked"))
                .body("context.failed_link.id", equalTo(toA))
                .body("context.reason_admin.en", containsString("leaver"));
    }

    @Test
    void eachDelegationStoresItsChainFromTheRootAndADecisionFollowsIt() throws Exception {
        // a second delegation held by a, so b's parent is the one named, not the only one there is
        String user2 = api.lineage().user("bob");
        String toA2 = api.grant("User", user2, a, List.of("payments:write"), null, null);
        String c = api.lineage().agent("clerk");
        String toC = api.grant("Agent", b, c, List.of("payments:write"), PAY, toB);
        String toB2 = api.grant("Agent", a, api.lineage().agent("other"), List.of("payments:write"), null, toA2);
        assertEquals(List.of(UUID.fromString(toA)), chainOf(toA));
        assertEquals(List.of(UUID.fromString(toA), UUID.fromString(toB), UUID.fromString(toC)), chainOf(toC));
        assertEquals(List.of(UUID.fromString(toA2), UUID.fromString(toB2)), chainOf(toB2));

        api.evaluate(AuthZenApi.question(c, Map.of("delegation", toC), "payments:write", PAY)).then().statusCode(200)
                .body("decision", equalTo(true))
                .body("context.chain", contains(toC, toB, toA))
                .body("context.on_behalf_of.id", equalTo(user));
        // the other lineage through a says nothing about c's chain
        LineageApi.integration().delete(api.lineage().admin("/delegations/" + toA2)).then().statusCode(204);
        assertTrue(api.decide(c, Map.of("delegation", toC), "payments:write", PAY));
        LineageApi.integration().delete(api.lineage().admin("/delegations/" + toA)).then().statusCode(204);
        api.evaluate(AuthZenApi.question(c, Map.of("delegation", toC), "payments:write", PAY)).then().statusCode(200)
                .body("decision", equalTo(false))
                .body("context.reason", equalTo("delegation_revoked"))
                .body("context.failed_link.id", equalTo(toA));
    }

    private List<UUID> chainOf(String delegation) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT chain FROM delegations WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(delegation));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no delegation " + delegation);
                return List.of((UUID[]) rs.getArray(1).getArray());
            }
        }
    }

    @Test
    void anExpiryDeniesBeforeTheExpiryJobHasRun() throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE delegations SET expires_at = now() - interval '1 second' WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(toA));
            ps.executeUpdate();
        }
        api.evaluate(AuthZenApi.question(b, Map.of(), "payments:write", PAY)).then().statusCode(200)
                .body("decision", equalTo(false))
                .body("context.reason", equalTo("delegation_expired"))
                .body("context.failed_link.id", equalTo(toA));
        assertEquals("active", api.lineage().delegationStatus(toA), "the job has not revoked it yet");
    }

    @Test
    void evaluationsHonourTheThreeSemantics() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", AuthZenApi.subject(b, Map.of()));
        body.put("resource", AuthZenApi.resource(PAY));
        body.put("evaluations", List.of(
                Map.of("action", Map.of("name", "payments:read")),
                Map.of("action", Map.of("name", "mail:send")),
                Map.of("action", Map.of("name", "payments:write")),
                // its own subject and resource override the defaults
                Map.of("subject", AuthZenApi.subject(a, Map.of()), "action", Map.of("name", "mail:send"),
                        "resource", AuthZenApi.resource(MAIL))));
        AuthZenApi.pep().body(body).post(api.path("evaluations")).then().statusCode(200)
                .body("evaluations.decision", contains(true, false, true, true))
                .body("evaluations[1].context.reason", equalTo("scope_not_granted"));
        body.put("options", Map.of("evaluations_semantic", "deny_on_first_deny"));
        AuthZenApi.pep().body(body).post(api.path("evaluations")).then().statusCode(200)
                .body("evaluations.decision", contains(true, false));
        body.put("options", Map.of("evaluations_semantic", "permit_on_first_permit"));
        AuthZenApi.pep().body(body).post(api.path("evaluations")).then().statusCode(200)
                .body("evaluations.decision", contains(true));
        body.put("options", Map.of("evaluations_semantic", "most_of_them"));
        AuthZenApi.pep().body(body).post(api.path("evaluations")).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/options/evaluations_semantic"));
        // without evaluations it is the single evaluation
        AuthZenApi.pep().body(AuthZenApi.question(b, Map.of(), "payments:write", PAY)).post(api.path("evaluations"))
                .then().statusCode(200).body("decision", equalTo(true));
    }

    @Test
    void subjectSearchFindsWhoMayDoItNowAndForWhomPageByPage() {
        String other = api.lineage().user("bob");
        String c = api.lineage().agent("cashier");
        api.grant("User", other, c, List.of("payments:write"), PAY, null);
        String d = api.lineage().agent("mailer");
        api.grant("User", other, d, List.of("mail:send"), null, null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", Map.of("type", "agent"));
        body.put("action", Map.of("name", "payments:write"));
        body.put("resource", AuthZenApi.resource(PAY));
        List<String> all = AuthZenApi.pep().body(body).post(api.path("search/subject")).then().statusCode(200)
                .body("page.next_token", equalTo(""))
                .extract().path("results.id");
        assertEquals(List.of(a, b, c).stream().sorted().toList(), all);
        Response forB = AuthZenApi.pep().body(body).post(api.path("search/subject"));
        int ib = all.indexOf(b);
        forB.then().body("results[" + ib + "].properties.on_behalf_of.id", contains(user))
                .body("results[" + ib + "].properties.delegations", contains(toB));
        // one a page
        body.put("page", Map.of("limit", 1));
        StringBuilder seen = new StringBuilder();
        String token = null;
        for (int page = 0; page < 3; page++) {
            if (token != null) {
                body.put("page", Map.of("limit", 1, "token", token));
            }
            Response r = AuthZenApi.pep().body(body).post(api.path("search/subject"));
            r.then().statusCode(200).body("results", hasSize(1));
            seen.append(r.<String>path("results[0].id")).append(',');
            token = r.path("page.next_token");
            assertEquals(page == 2, token.isEmpty(), "page " + page);
        }
        assertEquals(String.join(",", all) + ",", seen.toString());
        // after bob leaves, only alice's agents remain
        api.lineage().dir().scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                .patch(api.lineage().dir().path("/Users/" + other)).then().statusCode(200);
        body.remove("page");
        AuthZenApi.pep().body(body).post(api.path("search/subject")).then().statusCode(200)
                .body("results.id", containsInAnyOrder(a, b));
        body.put("page", Map.of("token", "bm90IGEgdG9rZW4"));
        AuthZenApi.pep().body(body).post(api.path("search/subject")).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/page/token"));
    }

    @Test
    void actionSearchSaysWhatAnAgentMayDo() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", AuthZenApi.subject(b, Map.of()));
        body.put("resource", AuthZenApi.resource(PAY));
        AuthZenApi.pep().body(body).post(api.path("search/action")).then().statusCode(200)
                .body("results.name", contains("payments:read", "payments:write"))
                .body("page.next_token", equalTo(""));
        body.put("resource", AuthZenApi.resource(MAIL));
        AuthZenApi.pep().body(body).post(api.path("search/action")).then().statusCode(200)
                .body("results", empty());
        body.put("subject", AuthZenApi.subject(a, Map.of()));
        body.put("page", Map.of("limit", 2));
        Response first = AuthZenApi.pep().body(body).post(api.path("search/action"));
        first.then().statusCode(200).body("results.name", contains("mail:send", "payments:read"));
        body.put("page", Map.of("limit", 2, "token", first.<String>path("page.next_token")));
        AuthZenApi.pep().body(body).post(api.path("search/action")).then().statusCode(200)
                .body("results.name", contains("payments:write")).body("page.next_token", equalTo(""));
    }

    @Test
    void resourceSearchSaysWhichAudiencesAnAgentMayActOn() {
        // a restricted to nothing: every audience the directory knows (PAY from b's grant, MAIL from a credential)
        api.credential(a, toA, "mail-" + UUID.randomUUID(), MAIL);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", AuthZenApi.subject(a, Map.of()));
        body.put("action", Map.of("name", "payments:write"));
        body.put("resource", Map.of("type", "api"));
        AuthZenApi.pep().body(body).post(api.path("search/resource")).then().statusCode(200)
                .body("results.id", contains(MAIL, PAY))
                .body("results[0].type", equalTo("api"))
                .body("results[0].properties.audience", equalTo(MAIL))
                .body("page.next_token", equalTo(""));
        // paged one at a time
        body.put("page", Map.of("limit", 1));
        Response first = AuthZenApi.pep().body(body).post(api.path("search/resource"));
        first.then().statusCode(200).body("results.id", contains(MAIL));
        body.put("page", Map.of("limit", 1, "token", first.<String>path("page.next_token")));
        AuthZenApi.pep().body(body).post(api.path("search/resource")).then().statusCode(200)
                .body("results.id", contains(PAY)).body("page.next_token", equalTo(""));
        body.remove("page");
        // b is held to PAY by its grant; its credential answers the same, a scope it lacks nowhere
        body.put("subject", AuthZenApi.subject(b, Map.of()));
        AuthZenApi.pep().body(body).post(api.path("search/resource")).then().statusCode(200)
                .body("results.id", contains(PAY));
        body.put("subject", Map.of("type", "credential", "id", key));
        AuthZenApi.pep().body(body).post(api.path("search/resource")).then().statusCode(200)
                .body("results.id", contains(PAY));
        body.put("action", Map.of("name", "mail:send"));
        AuthZenApi.pep().body(body).post(api.path("search/resource")).then().statusCode(200)
                .body("results", empty());
        // after the leaver, nothing
        body.put("subject", AuthZenApi.subject(a, Map.of()));
        body.put("action", Map.of("name", "payments:write"));
        api.lineage().dir().scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                .patch(api.lineage().dir().path("/Users/" + user)).then().statusCode(200);
        AuthZenApi.pep().body(body).post(api.path("search/resource")).then().statusCode(200)
                .body("results", empty());
        // a resource without a type, a token of another search: 400 problems
        body.put("resource", Map.of("id", "x"));
        AuthZenApi.pep().body(body).post(api.path("search/resource")).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].pointer", equalTo("/resource/type"));
        body.put("resource", Map.of("type", "api"));
        body.put("page", Map.of("token", "c3ViamVjdHx4"));
        AuthZenApi.pep().body(body).post(api.path("search/resource")).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/page/token"));
    }

    @Test
    void callersWithoutTheRoleOrTheDirectoryLearnNothing() {
        Map<String, Object> q = AuthZenApi.question(b, Map.of(), "payments:write", PAY);
        given().contentType(ContentType.JSON).body(q).post(api.path("evaluation")).then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().auth().oauth2(AdminTokens.withGroups(AdminRoles.INTEGRATION)).contentType(ContentType.JSON).body(q)
                .post(api.path("evaluation")).then().statusCode(403).contentType("application/problem+json");
        String elsewhere = AuthZenApi.create("authzen-other-" + UUID.randomUUID()).dir();
        String limited = AdminTokens.withClaim(DirectoryClaim.CLAIM, List.of(elsewhere), AdminRoles.PEP);
        String refusedExisting = given().auth().oauth2(limited).contentType(ContentType.JSON).body(q)
                .post(api.path("evaluation")).then().statusCode(403).extract().asString();
        String refusedMissing = given().auth().oauth2(limited).contentType(ContentType.JSON).body(q)
                .post("/authzen/" + UUID.randomUUID() + "/access/v1/evaluation").then().statusCode(403).extract().asString();
        assertEquals(refusedExisting, refusedMissing, "a refused caller cannot tell which directories exist");
        // the same token in its own directory is answered
        given().auth().oauth2(limited).contentType(ContentType.JSON).body(q)
                .post("/authzen/" + elsewhere + "/access/v1/evaluation").then().statusCode(200)
                .body("decision", equalTo(false));
        String mine = AdminTokens.withClaim(DirectoryClaim.CLAIM, List.of(api.dir()), AdminRoles.PEP);
        given().auth().oauth2(mine).contentType(ContentType.JSON).body(q).post(api.path("evaluation"))
                .then().statusCode(200).body("decision", equalTo(true));
    }

    @Test
    void theRequestIdIsEchoed() {
        String id = "pep-" + UUID.randomUUID();
        AuthZenApi.pep().header("X-Request-ID", id).body(AuthZenApi.question(b, Map.of(), "payments:write", PAY))
                .post(api.path("evaluation")).then().statusCode(200).header("X-Request-ID", id);
        String minted = AuthZenApi.pep().body(AuthZenApi.question(b, Map.of(), "payments:write", PAY))
                .post(api.path("evaluation")).then().statusCode(200).extract().header("X-Request-ID");
        assertFalse(minted == null || minted.isEmpty());
    }

    @Test
    void badQuestionsAreProblemsAndChangeNothing() {
        AuthZenApi.pep().body(Map.of("subject", AuthZenApi.subject(b, Map.of()), "resource", AuthZenApi.resource(PAY)))
                .post(api.path("evaluation")).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/action"));
        AuthZenApi.pep().body(Map.of("subject", Map.of("type", "agent", "id", 7), "action", Map.of("name", "x"),
                "resource", AuthZenApi.resource(PAY))).post(api.path("evaluation")).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/subject/id"));
        AuthZenApi.pep().body("{\"subject\":").post(api.path("evaluation")).then().statusCode(400)
                .contentType("application/problem+json");
        AuthZenApi.pep().body("[]").post(api.path("evaluation")).then().statusCode(400);
        AuthZenApi.pep().body(Map.of("evaluations", List.of("x"))).post(api.path("evaluations")).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/evaluations/0"));
        assertTrue(api.decide(b, Map.of(), "payments:write", PAY));
    }

    @Test
    void metadataNamesTheDecisionPointAndItsEndpoints() {
        String pdp = given().get("/.well-known/authzen-configuration/authzen/" + api.dir()).then().statusCode(200)
                .extract().path("policy_decision_point");
        assertTrue(pdp.endsWith("/authzen/" + api.dir()), pdp);
        given().get("/.well-known/authzen-configuration/authzen/" + api.dir()).then()
                .body("access_evaluation_endpoint", equalTo(pdp + "/access/v1/evaluation"))
                .body("access_evaluations_endpoint", equalTo(pdp + "/access/v1/evaluations"))
                .body("search_subject_endpoint", equalTo(pdp + "/access/v1/search/subject"))
                .body("search_action_endpoint", equalTo(pdp + "/access/v1/search/action"))
                .body("search_resource_endpoint", equalTo(pdp + "/access/v1/search/resource"));
        // the endpoint it names answers
        String path = java.net.URI.create(pdp).getPath() + "/access/v1/evaluation";
        AuthZenApi.pep().body(AuthZenApi.question(b, Map.of(), "payments:write", PAY)).post(path).then().statusCode(200)
                .body("decision", equalTo(true));
        assertNotEquals(200, given().get("/.well-known/authzen-configuration/authzen/not-a-directory").statusCode());
    }
}
