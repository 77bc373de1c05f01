package dev.tether.operations;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.tether.events.WebhookReceiver;
import dev.tether.lineage.LineageApi;
import dev.tether.security.AdminRoles;
import dev.tether.signals.TestTransmitter;
import dev.tether.testing.AdminTokens;
import dev.tether.testing.Management;
import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /q/openapi} cannot drift from what the server does: a whole session with the API (the
 * core story plus the failures a client must handle) is recorded, and every exchange must match
 * a documented operation, a documented status and, where there is a JSON body, that status's
 * schema. Every documented operation must have been answered with success at least once, so an
 * endpoint added without its description, or a description without its endpoint, fails here.
 */
@QuarkusTest
class OpenApiContractTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String AGENT = "urn:ietf:params:scim:schemas:core:2.0:Agent";

    record Exchange(String method, String path, int status, String contentType, String body) {
    }

    final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void record() {
        Filter recorder = (request, response, ctx) -> {
            var answer = ctx.next(request, response);
            String path = java.net.URI.create(request.getURI()).getRawPath();
            exchanges.add(new Exchange(request.getMethod(), path, answer.statusCode(), answer.contentType(),
                    answer.asString()));
            return answer;
        };
        RestAssured.filters(recorder);
    }

    @AfterEach
    void stopRecording() {
        RestAssured.reset();
    }

    @Test
    void everyExchangeMatchesTheDocumentAndEveryOperationIsUsed() throws Exception {
        JsonNode document = JSON.readTree(given().get(Management.at("/q/openapi?format=json")).then().statusCode(200).extract().asString());
        exchanges.clear();
        session();

        List<String> faults = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        List<Operation> operations = operations(document);
        for (Exchange e : exchanges) {
            if (e.path().startsWith("/q/")) {
                continue;
            }
            Operation op = operations.stream().filter(o -> o.matches(e)).findFirst().orElse(null);
            if (op == null) {
                faults.add(e.method() + " " + e.path() + ": no such operation in the document");
                continue;
            }
            if (e.status() < 300) {
                used.add(op.key());
            }
            faults.addAll(check(document, op, e));
        }
        Set<String> unused = new TreeSet<>();
        operations.forEach(o -> unused.add(o.key()));
        unused.removeAll(used);
        assertEquals(List.of(), faults, "responses the document does not describe");
        assertEquals(Set.of(), unused, "documented operations this session never got a success from");
        assertTrue(used.size() > 60, "the session covers the API: " + used.size());
    }

    @Test
    void everyExampleRequestBodyMatchesItsSchema() throws Exception {
        JsonNode document = JSON.readTree(given().get(Management.at("/q/openapi?format=json")).then().statusCode(200).extract().asString());
        List<String> faults = new ArrayList<>();
        int examples = 0;
        for (Operation op : operations(document)) {
            for (Iterator<Map.Entry<String, JsonNode>> media = op.node().path("requestBody").path("content").fields();
                    media.hasNext(); ) {
                Map.Entry<String, JsonNode> m = media.next();
                if (!m.getValue().has("example")) {
                    continue;
                }
                examples++;
                ObjectNode schema = document.deepCopy();
                schema.put("$ref", "#/paths/" + pointer(op.template()) + "/" + op.method() + "/requestBody/content/"
                        + pointer(m.getKey()) + "/schema");
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema)
                        .validate(m.getValue().get("example"))
                        .forEach(v -> faults.add(op.key() + " example: " + v.getMessage()));
            }
        }
        assertEquals(List.of(), faults);
        assertTrue(examples >= 11, "examples for the main requests, in each media type: " + examples);
    }

    // ---- the session

    private void session() throws Exception {
        RequestSpecification operator = given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON);
        String auditor = AdminTokens.withGroups(AdminRoles.AUDITOR);

        // directories and tokens
        ScimDirectory dir = ScimDirectory.create("contract");
        LineageApi api = new LineageApi(dir);
        given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/directories?limit=1").then().statusCode(200);
        given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/directories/" + dir.id()).then().statusCode(200);
        String spare = given().spec(operator).body(Map.of("description", "spare", "expiresAt", Instant.now()
                .plus(Duration.ofDays(1)).toString())).post("/admin/v1/directories/" + dir.id() + "/tokens")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/directories/" + dir.id() + "/tokens?status=active")
                .then().statusCode(200);
        String rotated = given().spec(operator).body(Map.of("overlap", "PT1H"))
                .post("/admin/v1/directories/" + dir.id() + "/tokens/" + spare + "/rotate")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(AdminTokens.operator()).delete("/admin/v1/directories/" + dir.id() + "/tokens/" + spare)
                .then().statusCode(204);
        given().auth().oauth2(AdminTokens.operator()).delete("/admin/v1/directories/" + dir.id() + "/tokens/" + rotated)
                .then().statusCode(204);
        given().spec(operator).body(Map.of("name", "contract renamed")).patch("/admin/v1/directories/" + dir.id())
                .then().statusCode(200);

        // setup links for the customer's IT admin
        String setupLinks = "/admin/v1/directories/" + dir.id() + "/setup-links";
        String setupLink = given().spec(operator).body(Map.of("expiresIn", "P3D", "idp", "okta")).post(setupLinks)
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(AdminTokens.operator()).get(setupLinks).then().statusCode(200);
        given().auth().oauth2(AdminTokens.operator()).delete(setupLinks + "/" + setupLink).then().statusCode(204);

        // per-directory SCIM settings
        String settings = "/admin/v1/directories/" + dir.id();
        given().auth().oauth2(AdminTokens.operator()).get(settings + "/dialect-rules").then().statusCode(200);
        given().spec(operator).body(Map.of("disabled", List.of())).put(settings + "/dialect-rules").then().statusCode(200);
        given().auth().oauth2(AdminTokens.operator()).get(settings + "/unknown-attributes").then().statusCode(200);
        given().spec(operator).body(Map.of("policy", "ignore")).put(settings + "/unknown-attributes").then().statusCode(200);
        String urn = "urn:ietf:params:scim:schemas:extension:Contract:2.0:User";
        given().spec(operator).body(Map.of("resourceType", "User", "id", urn, "name", "Contract",
                "attributes", List.of(Map.of("name", "costCentre", "type", "string", "multiValued", false))))
                .post(settings + "/schemas").then().statusCode(201);
        given().auth().oauth2(AdminTokens.operator()).get(settings + "/schemas").then().statusCode(200);

        // SCIM: discovery
        for (String p : List.of("/ServiceProviderConfig", "/ResourceTypes", "/ResourceTypes/User", "/Schemas",
                "/Schemas/" + USER)) {
            dir.scim().get(dir.path(p)).then().statusCode(200);
        }
        dir.scim().get(dir.path("/Schemas/urn:nothing")).then().statusCode(404);

        // SCIM: users, groups, agents through every operation
        String user = api.user("contract-user");
        dir.scim().body(Map.of("schemas", List.of(USER), "userName", "contract-user")).post(dir.path("/Users"))
                .then().statusCode(409);
        dir.scim().get(dir.path("/Users?filter=userName eq \"contract-user\"&count=5")).then().statusCode(200);
        dir.scim().get(dir.path("/Users?filter=userName zz 1")).then().statusCode(400);
        dir.scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
                "filter", "userName sw \"contract\"")).post(dir.path("/Users/.search")).then().statusCode(200);
        String etag = dir.scim().get(dir.path("/Users/" + user)).then().statusCode(200).extract().header("ETag");
        dir.scim().header("If-None-Match", etag).get(dir.path("/Users/" + user)).then().statusCode(304);
        dir.scim().get(dir.path("/Users/" + user + "?attributes=userName")).then().statusCode(200);
        dir.scim().body(Map.of("schemas", List.of(USER, urn), "userName", "contract-user", "active", true,
                "name", Map.of("givenName", "Con", "familyName", "Tract"),
                "emails", List.of(Map.of("value", "c@example.com", "type", "work", "primary", true)),
                urn, Map.of("costCentre", "42"))).put(dir.path("/Users/" + user)).then().statusCode(200);
        dir.scim().header("If-Match", "W/\"stale\"").body(LineageApi.patch(
                "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"x\"}")).patch(dir.path("/Users/" + user))
                .then().statusCode(412);
        dir.scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Contract\"}"))
                .patch(dir.path("/Users/" + user)).then().statusCode(200);
        given().auth().oauth2("wrong").get(dir.path("/Users")).then().statusCode(401);
        dir.scim().get(dir.path("/Users/00000000-0000-0000-0000-00000000beef")).then().statusCode(404);

        String group = api.group("contract-group", user);
        dir.scim().get(dir.path("/Groups")).then().statusCode(200);
        dir.scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:SearchRequest")))
                .post(dir.path("/Groups/.search")).then().statusCode(200);
        dir.scim().get(dir.path("/Groups/" + group)).then().statusCode(200);
        dir.scim().body(Map.of("schemas", List.of(GROUP), "displayName", "contract-group",
                "members", List.of(Map.of("value", user)))).put(dir.path("/Groups/" + group)).then().statusCode(200);
        dir.scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"contract-g\"}"))
                .patch(dir.path("/Groups/" + group)).then().statusCode(200);

        String agent = api.agent("contract-agent", user);
        String subAgent = api.agent("contract-sub-agent");
        dir.scim().get(dir.path("/Agents")).then().statusCode(200);
        dir.scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:SearchRequest")))
                .post(dir.path("/Agents/.search")).then().statusCode(200);
        dir.scim().get(dir.path("/Agents/" + agent)).then().statusCode(200);
        dir.scim().body(Map.of("schemas", List.of(AGENT), "name", "contract-agent", "active", true,
                "owners", List.of(Map.of("value", user)))).put(dir.path("/Agents/" + agent)).then().statusCode(200);
        dir.scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"description\",\"value\":\"acts for Con\"}"))
                .patch(dir.path("/Agents/" + agent)).then().statusCode(200);
        dir.scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
                "filter", "id pr", "count", 10)).post(dir.path("/.search")).then().statusCode(200);
        dir.scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:BulkRequest"),
                "Operations", List.of(Map.of("method", "POST", "path", "/Users", "bulkId", "b1",
                        "data", Map.of("schemas", List.of(USER), "userName", "contract-bulk")))))
                .post(dir.path("/Bulk")).then().statusCode(200);

        // delegations, credentials, status, lineage
        String delegation = api.delegateFromUser(user, agent, List.of("read", "write"), group);
        String child = api.delegateFromAgent(agent, subAgent, List.of("read"));
        String credential = api.credential(agent, delegation, "contract-key");
        String spareCredential = api.credential(subAgent, child, "contract-key-2");
        api.grant(Map.of("delegator", Map.of("type", "User", "id", user), "agentId", agent, "scopes", 42))
                .then().statusCode(400);
        LineageApi.integration().get(api.admin("/delegations?rootUserId=" + user)).then().statusCode(200);
        LineageApi.integration().get(api.admin("/delegations/" + delegation)).then().statusCode(200);
        LineageApi.integration().get(api.admin("/credentials?agentId=" + agent)).then().statusCode(200);
        LineageApi.integration().get(api.admin("/credentials/" + credential)).then().statusCode(200);
        LineageApi.integration().get(api.admin("/credentials/00000000-0000-0000-0000-00000000beef")).then().statusCode(404);
        Map<String, Object> handles = Map.of("credentials", List.of(Map.of("externalId", "contract-key",
                "audience", "https://api.example.com")));
        LineageApi.integration().body(handles).post(api.admin("/credentials/status")).then().statusCode(200);
        LineageApi.integration().body(handles).post("/admin/v1/credentials/status").then().statusCode(200);
        LineageApi.integration().get(api.admin("/users/" + user + "/lineage")).then().statusCode(200);
        LineageApi.integration().get(api.admin("/agents/" + subAgent + "/lineage")).then().statusCode(200);
        given().auth().oauth2(AdminTokens.withGroups(AdminRoles.AUDITOR))
                .get(api.admin("/users/" + user + "/leaver-drill")).then().statusCode(200);
        given().auth().oauth2(AdminTokens.withGroups(AdminRoles.AUDITOR))
                .get(api.admin("/users/00000000-0000-0000-0000-00000000beef/leaver-drill")).then().statusCode(404);
        // decisions and the action trail
        RequestSpecification pep = given().auth().oauth2(AdminTokens.withGroups(AdminRoles.PEP))
                .contentType(ContentType.JSON);
        Map<String, Object> resource = Map.of("type", "api", "id", "erp",
                "properties", Map.of("audience", "https://api.example.com"));
        Map<String, Object> question = Map.of("subject", Map.of("type", "agent", "id", agent,
                "properties", Map.of("credential", Map.of("id", credential))),
                "action", Map.of("name", "read"), "resource", resource);
        String authzen = "/authzen/" + dir.id() + "/access/v1";
        given().spec(pep).body(question).post(authzen + "/evaluation").then().statusCode(200);
        given().spec(pep).body(Map.of("evaluations", List.of(question),
                "options", Map.of("evaluations_semantic", "deny_on_first_deny")))
                .post(authzen + "/evaluations").then().statusCode(200);
        given().spec(pep).body(Map.of("subject", Map.of("type", "agent"), "action", Map.of("name", "read"),
                "resource", resource)).post(authzen + "/search/subject").then().statusCode(200);
        given().spec(pep).body(Map.of("subject", Map.of("type", "agent", "id", agent), "resource", resource))
                .post(authzen + "/search/action").then().statusCode(200);
        given().spec(pep).body(Map.of("subject", Map.of("type", "agent", "id", agent), "action", Map.of("name", "read"),
                "resource", Map.of("type", "api"))).post(authzen + "/search/resource").then().statusCode(200);
        given().spec(pep).body(Map.of("action", Map.of("name", "read"))).post(authzen + "/evaluation")
                .then().statusCode(400);
        given().get("/.well-known/authzen-configuration/authzen/" + dir.id()).then().statusCode(200);
        given().auth().oauth2(AdminTokens.operator()).get(settings + "/authzen").then().statusCode(200);
        given().spec(operator).body(Map.of("recordDecisions", "denies")).put(settings + "/authzen")
                .then().statusCode(200);
        given().spec(pep).header("Idempotency-Key", "contract-1").body(Map.of("credential", Map.of("id", credential),
                "action", "read", "target", Map.of("type", "document", "id", "invoice-1"),
                "occurredAt", Instant.now().toString(), "outcome", "success"))
                .post(api.admin("/actions")).then().statusCode(201);
        LineageApi.integration().get(api.admin("/actions?agent=" + agent)).then().statusCode(200);
        LineageApi.integration().accept("application/jsonl").get(api.admin("/actions/export?agent=" + agent))
                .then().statusCode(200);
        LineageApi.integration().delete(api.admin("/credentials/" + spareCredential)).then().statusCode(204);
        LineageApi.integration().delete(api.admin("/delegations/" + child)).then().statusCode(204);

        // recertification: the policy, a campaign over the agent's delegations, an answer, the evidence
        LineageApi.integration().body(Map.of("intervals", List.of(Map.of("kind", "grant", "interval", "P90D")),
                "onNoAnswer", "keep-flagged")).put(api.admin("/review-policy")).then().statusCode(200);
        LineageApi.integration().get(api.admin("/review-policy")).then().statusCode(200);
        LineageApi.integration().body(Map.of("intervals", List.of(Map.of("kind", "grant", "interval", "P90D")),
                "recurring", Map.of("every", "P90D", "dueIn", "P14D", "select", Map.of("agentIds", List.of(agent)),
                        "name", "contract quarterly", "startAt", Instant.now().plus(Duration.ofDays(30)).toString())))
                .put(api.admin("/review-policy")).then().statusCode(200);
        LineageApi.integration().get(api.admin("/review-policy")).then().statusCode(200);
        LineageApi.integration().body(Map.of("defaultInterval", "soon")).put(api.admin("/review-policy")).then().statusCode(400);
        String campaign = LineageApi.integration().body(Map.of("name", "contract review", "select",
                Map.of("agentIds", List.of(agent)), "dueAt", Instant.now().plus(Duration.ofDays(7)).toString()))
                .post(api.admin("/reviews")).then().statusCode(201).extract().path("id");
        LineageApi.integration().get(api.admin("/reviews")).then().statusCode(200);
        LineageApi.integration().get(api.admin("/reviews/" + campaign)).then().statusCode(200);
        String item = LineageApi.integration().get(api.admin("/reviews/" + campaign + "/items?status=pending"))
                .then().statusCode(200).extract().path("find { it.delegationId == '" + delegation + "' }.id");
        LineageApi.integration().get(api.admin("/reviews/" + campaign + "/items/" + item)).then().statusCode(200);
        LineageApi.integration().body(Map.of("reviewers", List.of(user), "note", "the delegator answers"))
                .post(api.admin("/reviews/" + campaign + "/items/" + item + "/reassign")).then().statusCode(200);
        LineageApi.integration().body(Map.of("decision", "approve", "justification", "in use", "reviewer",
                "00000000-0000-0000-0000-00000000beef"))
                .post(api.admin("/reviews/" + campaign + "/items/" + item + "/decision")).then().statusCode(403);
        LineageApi.integration().body(Map.of("decision", "approve", "justification", "in use", "reviewer", user))
                .post(api.admin("/reviews/" + campaign + "/items/" + item + "/decision")).then().statusCode(200);
        LineageApi.integration().body(Map.of("decision", "approve", "justification", "in use", "reviewer", user))
                .post(api.admin("/reviews/" + campaign + "/items/" + item + "/decision")).then().statusCode(409);
        given().auth().oauth2(auditor).get(api.admin("/reviews/" + campaign + "/report")).then().statusCode(200);
        given().auth().oauth2(auditor).accept("text/csv").get(api.admin("/reviews/" + campaign + "/report"))
                .then().statusCode(200);

        // signal sources, an incoming SET that holds the user, the operator's release
        try (TestTransmitter idp = new TestTransmitter()) {
            String sources = "/admin/v1/directories/" + dir.id() + "/signal-sources";
            io.restassured.path.json.JsonPath source = given().spec(operator).body(Map.of("issuer", idp.issuer,
                    "jwksUri", idp.jwksUri(), "actions", Map.of("account-enabled", "hold")))
                    .post(sources).then().statusCode(201).extract().jsonPath();
            String one = sources + "/" + source.getString("id");
            given().auth().oauth2(AdminTokens.operator()).get(sources + "?limit=5").then().statusCode(200);
            given().auth().oauth2(AdminTokens.operator()).get(one).then().statusCode(200);
            given().spec(operator).body(Map.of("status", "paused")).patch(one).then().statusCode(200);
            given().spec(operator).body(Map.of("status", "active")).patch(one).then().statusCode(200);
            given().spec(operator).body(Map.of("actions", Map.of("session-revoked", "hold"),
                    "subjectMatch", List.of("userName", "email"))).patch(one).then().statusCode(200);
            given().spec(operator).body(Map.of("issuer", idp.issuer)).patch(one).then().statusCode(400);
            given().auth().oauth2(AdminTokens.operator()).post(one + "/verify").then().statusCode(409);
            String managed = sources + "/" + given().spec(operator).body(Map.of("configurationUrl",
                    idp.configurationUrl(), "transmitterToken", TestTransmitter.MANAGEMENT_TOKEN)).post(sources)
                    .then().statusCode(201).extract().path("id");
            given().auth().oauth2(AdminTokens.operator()).post(managed + "/verify").then().statusCode(202);
            given().auth().oauth2(AdminTokens.operator()).delete(managed).then().statusCode(204);
            given().spec(operator).body(Map.of("issuer", idp.issuer)).post(sources).then().statusCode(400);
            byte[] set = idp.sign(idp.claims(source.getString("audience"), TestTransmitter.RISC + "account-enabled",
                    Map.of("format", "opaque", "id", "contract-user"))).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            given().header("Authorization", "Bearer wrong").contentType("application/secevent+jwt").body(set)
                    .post(source.getString("pushEndpoint")).then().statusCode(400);
            given().header("Authorization", source.getString("authorizationHeader")).contentType("application/secevent+jwt")
                    .body(set).post(source.getString("pushEndpoint")).then().statusCode(202);
            given().auth().oauth2(AdminTokens.operator()).delete(api.admin("/users/" + user + "/hold")).then().statusCode(204);
            given().auth().oauth2(AdminTokens.operator()).delete(one).then().statusCode(204);
        }

        // subscriptions and deliveries
        try (WebhookReceiver receiver = WebhookReceiver.started()) {
            String subscription = given().spec(operator).body(Map.of("url", receiver.url(),
                    "format", "standard-webhooks", "directoryIds", List.of(dir.id())))
                    .post("/admin/v1/subscriptions").then().statusCode(201).extract().path("id");
            String subs = "/admin/v1/subscriptions/" + subscription;
            given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/subscriptions?status=active").then().statusCode(200);
            given().auth().oauth2(AdminTokens.operator()).get(subs).then().statusCode(200);
            given().spec(operator).body(Map.of("description", "contract")).patch(subs).then().statusCode(200);
            given().spec(operator).body(Map.of("overlapSeconds", 60)).post(subs + "/rotate-secret").then().statusCode(200);
            given().auth().oauth2(AdminTokens.operator()).post(subs + "/test").then().statusCode(202);
            WebhookReceiver.await(Duration.ofSeconds(30), "the test event", () -> !receiver.received().isEmpty());
            String delivery = given().auth().oauth2(AdminTokens.operator()).get(subs + "/deliveries")
                    .then().statusCode(200).extract().path("[0].id");
            given().auth().oauth2(AdminTokens.operator()).post(subs + "/deliveries/" + delivery + "/replay")
                    .then().statusCode(202);
            given().spec(operator).body(Map.of("since", Instant.now().minus(Duration.ofHours(1)).toString()))
                    .post(subs + "/replay").then().statusCode(202);
            given().auth().oauth2(auditor).get(subs).then().statusCode(403);
            String portalLink = given().spec(operator).body(Map.of("expiresIn", 3600)).post(subs + "/portal-links")
                    .then().statusCode(201).extract().path("id");
            given().spec(operator).body(Map.of("expiresIn", 3600L * 24 * 365)).post(subs + "/portal-links")
                    .then().statusCode(400);
            given().auth().oauth2(AdminTokens.operator()).get(subs + "/portal-links").then().statusCode(200);
            given().auth().oauth2(AdminTokens.operator()).delete(subs + "/portal-links/" + portalLink)
                    .then().statusCode(204);
            // a review link for the campaign's reviewer
            String reviewLinks = api.admin("/reviews/" + campaign + "/links");
            String reviewLink = given().spec(operator).body(Map.of("reviewer", user, "expiresIn", "P1D"))
                    .post(reviewLinks).then().statusCode(201).extract().path("id");
            given().spec(operator).body(Map.of("reviewer", "00000000-0000-0000-0000-00000000beef")).post(reviewLinks)
                    .then().statusCode(400);
            given().auth().oauth2(AdminTokens.operator()).get(reviewLinks).then().statusCode(200);
            given().auth().oauth2(AdminTokens.operator()).delete(reviewLinks + "/" + reviewLink).then().statusCode(204);

            // the leaver, then the trail
            dir.scim().delete(dir.path("/Users/" + user)).then().statusCode(204);
            given().auth().oauth2(AdminTokens.operator()).delete(subs).then().statusCode(204);
        }
        dir.scim().delete(dir.path("/Groups/" + group)).then().statusCode(204);
        dir.scim().delete(dir.path("/Agents/" + subAgent)).then().statusCode(204);
        given().auth().oauth2(AdminTokens.operator()).delete(settings + "/schemas/" + urn).then().statusCode(204);

        String audit = "/admin/v1/directories/" + dir.id() + "/audit";
        given().auth().oauth2(auditor).get(audit + "?limit=5").then().statusCode(200);
        given().auth().oauth2(auditor).get(audit + "/trail/users/" + user).then().statusCode(200);
        given().auth().oauth2(auditor).get(audit + "/verify").then().statusCode(200);
        given().auth().oauth2(auditor).get(audit + "/export").then().statusCode(200);
        given().auth().oauth2(auditor).get("/admin/v1/operator-trail?limit=5").then().statusCode(200);
        given().auth().oauth2(auditor).get("/admin/v1/operator-trail/verify").then().statusCode(200);
        given().auth().oauth2(auditor).get("/admin/v1/operator-trail/export").then().statusCode(200);
        given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/directories/" + dir.id() + "/events?limit=5")
                .then().statusCode(200);
        given().get("/admin/v1/audit/public-key.pem").then().statusCode(200);
        given().get("/admin/v1/audit/jwks.json").then().statusCode(200);
        given().get("/.well-known/ssf-configuration").then().statusCode(200);
        given().get("/ssf/jwks.json").then().statusCode(200);
        given().get("/admin/v1/directories").then().statusCode(401);

        given().auth().oauth2(AdminTokens.operator()).delete("/admin/v1/directories/" + dir.id()).then().statusCode(204);
        given().auth().oauth2(AdminTokens.operator()).post("/admin/v1/directories/" + dir.id() + "/enable")
                .then().statusCode(200);
        given().auth().oauth2(AdminTokens.operator()).delete("/admin/v1/directories/" + dir.id()).then().statusCode(204);
    }

    // ---- the document

    record Operation(String method, String template, Pattern pattern, int literals, JsonNode node) {

        boolean matches(Exchange e) {
            return method.equalsIgnoreCase(e.method()) && pattern.matcher(e.path()).matches();
        }

        String key() {
            return method.toUpperCase() + " " + template;
        }
    }

    /** Every operation, literal paths before templated ones so {@code /Users/.search} beats {@code /Users/{id}}. */
    static List<Operation> operations(JsonNode document) {
        List<Operation> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            String regex = Pattern.quote(path.getKey()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            int literals = path.getKey().replaceAll("\\{[^}]+}", "").length();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (Set.of("get", "put", "post", "patch", "delete").contains(op.getKey())) {
                    out.add(new Operation(op.getKey(), path.getKey(), Pattern.compile(regex), literals, op.getValue()));
                }
            }
        }
        out.sort(Comparator.comparingInt(Operation::literals).reversed());
        return out;
    }

    static List<String> check(JsonNode document, Operation op, Exchange e) throws Exception {
        String where = e.method() + " " + e.path() + " → " + e.status();
        JsonNode response = op.node().path("responses").path(Integer.toString(e.status()));
        if (response.isMissingNode()) {
            return List.of(where + ": status not documented for " + op.key());
        }
        if (e.body() == null || e.body().isEmpty()) {
            return List.of();
        }
        String media = e.contentType() == null ? "" : e.contentType().split(";")[0].trim();
        JsonNode declared = response.path("content").path(media);
        if (declared.isMissingNode()) {
            return List.of(where + ": body of type '" + media + "' not documented (declared: "
                    + response.path("content").fieldNames().toString() + ")");
        }
        if (!media.endsWith("json")) {
            return List.of();
        }
        ObjectNode schema = document.deepCopy();
        schema.put("$ref", "#/paths/" + pointer(op.template()) + "/" + op.method() + "/responses/" + e.status()
                + "/content/" + pointer(media) + "/schema");
        Set<ValidationMessage> errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema)
                .validate(JSON.readTree(e.body()));
        List<String> out = new ArrayList<>();
        errors.forEach(m -> out.add(where + ": " + m.getMessage()));
        return out;
    }

    static String pointer(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
