package dev.tether.reviews;

import static dev.tether.reviews.ReviewsApi.iga;
import static dev.tether.reviews.ReviewsApi.inSeconds;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.lineage.ExpiryJob;
import dev.tether.lineage.LineageApi;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Recertification as an IGA tool and a reviewer see it: campaigns take the right delegations,
 * name the right reviewers, and each answer (or its absence at dueAt, or a passed reviewBy)
 * changes the delegation as the decision says, visible in the admin API, the decision point,
 * the events and the evidence report.
 */
@QuarkusTest
class RecertificationTest {

    @Inject
    ReviewJob job;

    @Inject
    ExpiryJob expiry;

    @Inject
    DataSource dataSource;

    /** Marks a user inactive without the leaver cascade: a state the reviewer resolution must get past. */
    void inactiveWithoutCascade(String userId) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE users SET active = false WHERE id = ?::uuid")) {
            ps.setString(1, userId);
            assertEquals(1, ps.executeUpdate());
        }
    }

    String userWithManager(LineageApi l, String userName, String managerId) {
        String enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        return l.dir().scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User", enterprise),
                "userName", userName, "active", true, enterprise, Map.of("manager", Map.of("value", managerId))))
                .post(l.dir().path("/Users")).then().statusCode(201).extract().path("id");
    }

    @Test
    void reviewersAreTheDelegatorThenTheRootThenSponsorsThenManagerThenFallback() throws Exception {
        ReviewsApi api = ReviewsApi.create("recert-reviewers");
        LineageApi l = api.lineage();
        String alice = l.user("alice");
        String a = l.agent("assistant");
        String b = l.agent("sub-assistant");
        String aliceToA = l.delegateFromUser(alice, a, List.of("read", "pay"));
        String aToB = l.delegateFromAgent(a, b, List.of("read"));

        String carol = l.user("carol");
        String dave = l.user("dave");
        String c = l.agent("carols-bot", dave); // dave owns it: a sponsor delegation from dave
        String carolToC = l.delegateFromUser(carol, c, List.of("read"));

        String frank = l.user("frank");
        String erin = userWithManager(l, "erin", frank);
        String d = l.agent("erins-bot");
        String erinToD = l.delegateFromUser(erin, d, List.of("read"));

        String henry = l.user("henry");
        String gina = l.user("gina");
        String e = l.agent("ginas-bot");
        String ginaToE = l.delegateFromUser(gina, e, List.of("read"));
        iga().body(Map.of("fallbackReviewers", List.of(henry))).put(l.admin("/review-policy")).then().statusCode(200)
                .body("fallbackReviewers[0]", equalTo(henry)).body("onNoAnswer", equalTo("keep-flagged"));

        inactiveWithoutCascade(carol);
        inactiveWithoutCascade(erin);
        inactiveWithoutCascade(gina);

        String campaign = api.campaign("Q4 agents", Map.of("agentIds", List.of(a, b, c, d, e)), inSeconds(3600), null);
        Map<String, JsonNode> items = api.items(campaign);
        String sponsorship = items.keySet().stream()
                .filter(k -> !Set.of(aliceToA, aToB, carolToC, erinToD, ginaToE).contains(k)).findFirst().orElseThrow();
        assertEquals(6, items.size(), "every active delegation to the selected agents, the sponsorship too");
        assertReviewers(items.get(aliceToA), "delegator", alice);
        assertReviewers(items.get(aToB), "root-user", alice);
        assertReviewers(items.get(carolToC), "sponsor", dave);
        assertReviewers(items.get(sponsorship), "delegator", dave);
        assertReviewers(items.get(erinToD), "manager", frank);
        assertReviewers(items.get(ginaToE), "fallback", henry);
        assertEquals("alice", items.get(aliceToA).at("/reviewers/0/name").asText());

        // what the reviewer sees: the chain, the agent, scopes, and "never used"
        JsonNode sub = items.get(aToB);
        assertEquals(List.of(aliceToA, aToB), texts(sub.path("chain")));
        assertEquals("sub-assistant", sub.at("/agent/name").asText());
        assertEquals(List.of("read"), texts(sub.path("scopes")));
        assertTrue(sub.at("/usage/neverUsed").asBoolean());

        // reassignment keeps its history, and only the new reviewer may answer
        String itemE = items.get(ginaToE).path("id").asText();
        iga().body(Map.of("reviewers", List.of(frank), "note", "henry is on leave"))
                .post(l.admin("/reviews/" + campaign + "/items/" + itemE + "/reassign")).then().statusCode(200)
                .body("reviewerSource", equalTo("reassigned")).body("reviewers[0].id", equalTo(frank))
                .body("reassignments[0].from[0]", equalTo(henry)).body("reassignments[0].note", equalTo("henry is on leave"));
        api.decide(campaign, itemE, "approve", null, henry, "ok").then().statusCode(403)
                .contentType("application/problem+json");
        api.decide(campaign, itemE, "approve", null, frank, "still needed").then().statusCode(200)
                .body("decision", equalTo("approve")).body("decidedBy", equalTo(frank));
    }

    @Test
    void aCampaignSelectsByScopeAudienceAgeAndDisuse() throws Exception {
        ReviewsApi api = ReviewsApi.create("recert-select");
        LineageApi l = api.lineage();
        String alice = l.user("alice");
        String a = l.agent("a");
        String b = l.agent("b");
        String used = l.delegateFromUser(alice, a, List.of("pay", "read"));
        String idle = l.delegateFromUser(alice, b, List.of("read"));
        String revoked = l.delegateFromUser(alice, l.agent("gone"), List.of("pay"));
        iga().delete(l.admin("/delegations/" + revoked)).then().statusCode(204);
        api.act(api.credential(a, used), "pay", "success");

        String byScope = api.campaign("pay holders", Map.of("scopes", List.of("pay")), inSeconds(3600), null);
        assertEquals(Set.of(used), api.items(byScope).keySet(), "only active delegations holding pay");
        String unused = api.campaign("idle", Map.of("unusedFor", "P1D"), inSeconds(3600), null);
        assertEquals(Set.of(idle), api.items(unused).keySet(), "only delegations nothing was done under for a day");
        String old = api.campaign("old", Map.of("olderThan", "P1D"), inSeconds(3600), null);
        assertEquals(Set.of(), api.items(old).keySet(), "nothing was granted more than a day ago");
        iga().get(l.admin("/reviews/" + byScope)).then().statusCode(200)
                .body("counts.items", equalTo(1)).body("counts.pending", equalTo(1)).body("status", equalTo("open"));

        // what it shows: usage in the period
        JsonNode item = api.items(byScope).get(used);
        assertEquals(1, item.at("/usage/count").asInt());
        assertEquals(List.of("pay"), texts(item.at("/usage/scopesUsed")));
        assertFalse(item.at("/usage/neverUsed").asBoolean());
        assertNotNull(item.at("/usage/lastUsedAt").textValue());

        // bad input: problem details, nothing opened
        api.open("", null, inSeconds(60), null).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/name"));
        api.open("past", null, inSeconds(-60), null).then().statusCode(400).body("errors[0].pointer", equalTo("/dueAt"));
        api.open("rule", null, inSeconds(60), "delete-all").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/onNoAnswer"));
        api.open("dur", Map.of("unusedFor", "a week"), inSeconds(60), null).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/select/unusedFor"));
        iga().get(l.admin("/reviews")).then().statusCode(200).body("size()", equalTo(3));
    }

    @Test
    void eachDecisionChangesTheDelegationAsItSays() throws Exception {
        ReviewsApi api = ReviewsApi.create("recert-decide");
        LineageApi l = api.lineage();
        iga().body(Map.of("intervals", List.of(Map.of("kind", "grant", "interval", "P30D")), "defaultInterval", "P180D"))
                .put(l.admin("/review-policy")).then().statusCode(200);
        String alice = l.user("alice");
        String bob = l.user("bob");
        String a = l.agent("approved-bot");
        String r = l.agent("revoked-bot");
        String n = l.agent("narrowed-bot");
        String toA = l.delegateFromUser(alice, a, List.of("read"));
        String toR = l.delegateFromUser(alice, r, List.of("read"));
        String toN = l.delegateFromUser(alice, n, List.of("read", "pay", "refund"));
        String credR = api.credential(r, toR);
        String credN = api.credential(n, toN);
        api.act(credN, "pay", "success");
        assertTrue(api.permits(n, "refund"));

        String campaign = api.campaign("decisions", Map.of("agentIds", List.of(a, r, n)), inSeconds(3600), "revoke");
        Map<String, JsonNode> items = api.items(campaign);
        String itemA = items.get(toA).path("id").asText();
        String itemR = items.get(toR).path("id").asText();
        String itemN = items.get(toN).path("id").asText();

        // refusals change nothing
        api.decide(campaign, itemR, "revoke", null, bob, "not mine").then().statusCode(403)
                .contentType("application/problem+json");
        api.decide(campaign, itemN, "narrow", List.of("pay", "admin"), alice, "x").then().statusCode(400)
                .contentType("application/problem+json");
        api.decide(campaign, itemN, "narrow", null, alice, "x").then().statusCode(400).body("errors[0].pointer", equalTo("/scopes"));
        api.decide(campaign, itemA, "approve", null, alice, " ").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/justification"));
        api.decide(campaign, itemA, "maybe", null, alice, "x").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/decision"));
        assertEquals("active", l.delegationStatus(toR));
        assertEquals("pending", api.item(campaign, itemR).path("status").asText());

        // approve: the next review is due after the policy's interval for grants
        OffsetDateTime before = OffsetDateTime.now();
        api.decide(campaign, itemA, "approve", null, alice, "still drafts my mail").then().statusCode(200)
                .body("status", equalTo("decided")).body("decision", equalTo("approve"));
        JsonNode approved = ReviewsApi.JSON.readTree(iga().get(l.admin("/delegations/" + toA)).asString());
        OffsetDateTime reviewBy = OffsetDateTime.parse(approved.path("reviewBy").asText());
        assertTrue(Math.abs(Duration.between(before.plusDays(30), reviewBy).toMinutes()) < 5, "reviewBy " + reviewBy);
        assertNotNull(approved.path("reviewedAt").textValue());

        // revoke: the cascade, reason recertification; the credential goes with it
        api.decide(campaign, itemR, "revoke", null, alice, "not used any more").then().statusCode(200);
        JsonNode revoked = ReviewsApi.JSON.readTree(iga().get(l.admin("/delegations/" + toR)).asString());
        assertEquals("revoked", revoked.path("status").asText());
        assertEquals("recertification", revoked.path("reason").asText());
        assertEquals("revoked", l.credentialStatus(credR));

        // narrow: a new version with fewer scopes; the credential stays; the PDP answers by the new scopes at once
        api.decide(campaign, itemN, "narrow", List.of("pay"), alice, "refunds go through a human").then().statusCode(200)
                .body("decidedScopes", equalTo(List.of("pay"))).body("currentScopes", equalTo(List.of("pay")));
        JsonNode narrowed = ReviewsApi.JSON.readTree(iga().get(l.admin("/delegations/" + toN)).asString());
        assertEquals(List.of("pay"), texts(narrowed.path("scopes")));
        assertEquals(2, narrowed.path("version").asInt());
        assertEquals("active", narrowed.path("status").asText());
        assertEquals("active", l.credentialStatus(credN));
        assertFalse(api.permits(n, "refund"));
        assertFalse(api.permits(n, "read"));
        assertTrue(api.permits(n, "pay"));

        // a decided item is not decided again
        api.decide(campaign, itemA, "revoke", null, alice, "changed my mind").then().statusCode(409)
                .contentType("application/problem+json");
        assertEquals("active", l.delegationStatus(toA));

        // the decisions are audit records with the reviewer as actor and the justification
        JsonNode audit = ReviewsApi.JSON.readTree(RestAssured.given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/" + api.dir() + "/audit?action=review.decide&count=100").then().statusCode(200).extract().asString());
        Map<String, JsonNode> decisions = new LinkedHashMap<>();
        for (JsonNode row : audit.path("records")) {
            JsonNode rec = row.path("record");
            if (rec.path("action").asText().equals("review.decide")) {
                decisions.put(rec.at("/target/id").asText(), rec);
            }
        }
        assertEquals(Set.of(itemA, itemR, itemN), decisions.keySet(), audit.toString());
        JsonNode narrowRecord = decisions.get(itemN);
        assertEquals("user", narrowRecord.at("/actor/type").asText());
        assertEquals(alice, narrowRecord.at("/actor/id").asText());
        assertEquals("refunds go through a human", narrowRecord.at("/details/justification").asText());

        // events a notifier and an enforcer act on without calling back
        List<JsonNode> requested = api.events("review.requested");
        assertEquals(3, requested.size());
        JsonNode req = requested.stream().filter(ev -> ev.at("/data/item/id").asText().equals(itemN)).findFirst().orElseThrow();
        assertEquals(Set.of("directoryId", "campaign", "item", "reviewers", "reviewerSource", "delegation", "agent",
                "rootUser"), names(req.path("data")));
        assertEquals(Set.of("id", "name", "dueAt", "onNoAnswer"), names(req.at("/data/campaign")));
        assertEquals(Set.of("id", "status", "href"), names(req.at("/data/item")));
        assertEquals(Set.of("id", "userName"), names(req.at("/data/reviewers/0")));
        assertEquals(Set.of("id", "delegator", "agentId", "kind", "scopes", "audience", "expiresAt", "reviewBy", "status"),
                names(req.at("/data/delegation")));
        assertEquals(Set.of("id", "name"), names(req.at("/data/agent")));
        assertEquals(Set.of("id", "userName"), names(req.at("/data/rootUser")));
        assertEquals("alice", req.at("/data/reviewers/0/userName").asText());
        assertEquals("narrowed-bot", req.at("/data/agent/name").asText());
        assertEquals("/admin/v1/directories/" + api.dir() + "/reviews/" + campaign + "/items/" + itemN,
                req.at("/data/item/href").asText());
        assertEquals(List.of("read", "pay", "refund"), texts(req.at("/data/delegation/scopes")));

        List<JsonNode> decided = api.events("review.decided");
        assertEquals(3, decided.size());
        JsonNode dec = decided.stream().filter(ev -> ev.at("/data/item/id").asText().equals(itemN)).findFirst().orElseThrow();
        assertEquals(Set.of("directoryId", "campaign", "item", "reviewers", "reviewerSource", "delegation", "agent",
                "rootUser", "decision", "usage"), names(dec.path("data")));
        assertEquals(Set.of("decision", "scopes", "justification", "reviewerId", "noAnswer", "decidedAt"),
                names(dec.at("/data/decision")));
        assertEquals(Set.of("since", "until", "count", "denials", "lastUsedAt", "scopesUsed", "neverUsed"),
                names(dec.at("/data/usage")));
        assertEquals("narrow", dec.at("/data/decision/decision").asText());
        assertEquals(alice, dec.at("/data/decision/reviewerId").asText());
        assertEquals(1, dec.at("/data/usage/count").asInt());

        List<JsonNode> narrowedEvents = api.events("delegation.narrowed");
        assertEquals(1, narrowedEvents.size());
        JsonNode nd = narrowedEvents.get(0).path("data");
        assertEquals(Set.of("directoryId", "delegation", "version", "oldScopes", "newScopes", "chain", "agent", "rootUser",
                "delegations"), names(nd));
        assertEquals(List.of("read", "pay", "refund"), texts(nd.path("oldScopes")));
        assertEquals(List.of("pay"), texts(nd.path("newScopes")));
        assertEquals(toN, nd.at("/chain/delegationId").asText());

        List<JsonNode> revocations = api.events("delegation.revoked");
        assertEquals("recertification", revocations.get(0).at("/data/reason").asText());
    }

    @Test
    void atDueAtTheNoAnswerRuleApplies() throws Exception {
        ReviewsApi api = ReviewsApi.create("recert-no-answer");
        LineageApi l = api.lineage();
        String alice = l.user("alice");
        String rv = l.agent("rv");
        String nu = l.agent("nu");
        String nn = l.agent("nn");
        String kf = l.agent("kf");
        String answered = l.agent("answered");
        String toRv = l.delegateFromUser(alice, rv, List.of("read"));
        String toNu = l.delegateFromUser(alice, nu, List.of("read", "pay", "refund"));
        String toNn = l.delegateFromUser(alice, nn, List.of("read"));
        String toKf = l.delegateFromUser(alice, kf, List.of("read"));
        String toAnswered = l.delegateFromUser(alice, answered, List.of("read"));
        String credNu = api.credential(nu, toNu);
        api.act(credNu, "pay", "success");
        api.act(credNu, "refund", "denied");

        String due = inSeconds(15);
        String revoke = api.campaign("revoke", Map.of("agentIds", List.of(rv, answered)), due, "revoke");
        String narrow = api.campaign("narrow", Map.of("agentIds", List.of(nu, nn)), due, "narrow-to-used");
        String keep = api.campaign("keep", Map.of("agentIds", List.of(kf)), due, "keep-flagged");
        String answeredItem = api.items(revoke).get(toAnswered).path("id").asText();
        api.decide(revoke, answeredItem, "approve", null, alice, "needed").then().statusCode(200);
        JsonNode nuItem = api.items(narrow).get(toNu);
        assertEquals(1, nuItem.at("/usage/denials").asInt());

        Thread.sleep(Math.max(0, Duration.between(OffsetDateTime.now(), OffsetDateTime.parse(due)).toMillis() + 500));
        assertTrue(job.run());

        assertEquals("revoked", l.delegationStatus(toRv));
        assertEquals("active", l.delegationStatus(toAnswered), "an answered item keeps its answer");
        JsonNode nuNow = ReviewsApi.JSON.readTree(iga().get(l.admin("/delegations/" + toNu)).asString());
        assertEquals(List.of("pay"), texts(nuNow.path("scopes")), "narrowed to what was used (denied refund is not use)");
        assertEquals("active", l.credentialStatus(credNu));
        assertEquals("revoked", l.delegationStatus(toNn), "nothing used: nothing to keep");
        assertEquals("recertification", ReviewsApi.JSON.readTree(iga().get(l.admin("/delegations/" + toNn)).asString())
                .path("reason").asText());
        assertEquals("active", l.delegationStatus(toKf));

        Map<String, JsonNode> kept = api.items(keep);
        assertEquals("keep-flagged", kept.get(toKf).path("decision").asText());
        assertTrue(kept.get(toKf).path("noAnswer").asBoolean());
        Map<String, JsonNode> narrowed = api.items(narrow);
        assertEquals("narrow", narrowed.get(toNu).path("decision").asText());
        assertEquals(List.of("pay"), texts(narrowed.get(toNu).path("decidedScopes")));
        assertEquals("revoke", narrowed.get(toNn).path("decision").asText());
        iga().get(l.admin("/reviews/" + revoke)).then().statusCode(200).body("status", equalTo("closed"))
                .body("counts.noAnswer", equalTo(1)).body("counts.approved", equalTo(1));
        // a closed campaign takes no more answers
        api.decide(keep, kept.get(toKf).path("id").asText(), "approve", null, alice, "late").then().statusCode(409);

        List<JsonNode> decided = api.events("review.decided");
        assertEquals(5, decided.size(), "one answer and four no-answer decisions");
        assertEquals(4, decided.stream().filter(e -> e.at("/data/decision/noAnswer").asBoolean()).count());
    }

    @Test
    void reviewByIsValidatedShownSetByPolicyAndLapses() throws Exception {
        ReviewsApi api = ReviewsApi.create("recert-lapse");
        LineageApi l = api.lineage();
        String alice = l.user("alice");
        String a = l.agent("a");
        l.grant(Map.of("delegator", Map.of("type", "User", "id", alice), "agentId", a, "scopes", List.of("read"),
                "reviewBy", inSeconds(-10))).then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("reviewBy"));
        String soon = inSeconds(15);
        String lapsing = l.grant(Map.of("delegator", Map.of("type", "User", "id", alice), "agentId", a,
                "scopes", List.of("read"), "reviewBy", soon)).then().statusCode(201)
                .body("reviewBy", equalTo(soon.replace("+00:00", "Z"))).extract().path("id");
        iga().get(l.admin("/delegations/" + lapsing)).then().statusCode(200).body("reviewBy", equalTo(soon.replace("+00:00", "Z")));
        // the decision point's permit is not to be cached past reviewBy
        String until = ReviewsApi.pep().body(Map.of("subject", Map.of("type", "agent", "id", a), "action",
                Map.of("name", "read"), "resource", Map.of("type", "api", "id", "mail")))
                .post("/authzen/" + api.dir() + "/access/v1/evaluation").then().statusCode(200)
                .body("decision", equalTo(true)).extract().path("context.valid_until");
        assertFalse(OffsetDateTime.parse(until).isAfter(OffsetDateTime.parse(soon)), until + " after " + soon);
        String b = l.agent("b");
        String approvedInTime = l.grant(Map.of("delegator", Map.of("type", "User", "id", alice), "agentId", b,
                "scopes", List.of("read"), "reviewBy", soon)).then().statusCode(201).extract().path("id");
        String campaign = api.campaign("quick", Map.of("agentIds", List.of(b)), inSeconds(3600), null);
        String item = api.items(campaign).get(approvedInTime).path("id").asText();
        api.decide(campaign, item, "approve", null, alice, "yes").then().statusCode(200);

        // the policy gives new grants their reviewBy
        iga().body(Map.of("intervals", List.of(Map.of("scope", "pay", "interval", "P7D")), "defaultInterval", "P90D"))
                .put(l.admin("/review-policy")).then().statusCode(200);
        OffsetDateTime now = OffsetDateTime.now();
        String payer = l.delegateFromUser(alice, l.agent("payer"), List.of("pay", "read"));
        String reader = l.delegateFromUser(alice, l.agent("reader"), List.of("read"));
        assertNear(now.plusDays(7), reviewBy(l, payer));
        assertNear(now.plusDays(90), reviewBy(l, reader));
        iga().body(Map.of("intervals", List.of(Map.of("interval", "P7D")))).put(l.admin("/review-policy")).then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].pointer", equalTo("/intervals/0"));
        iga().body(Map.of("defaultInterval", "soon")).put(l.admin("/review-policy")).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/defaultInterval"));
        iga().get(l.admin("/review-policy")).then().statusCode(200).body("defaultInterval", equalTo("P90D"));

        Thread.sleep(Math.max(0, Duration.between(OffsetDateTime.now(), OffsetDateTime.parse(soon)).toMillis() + 500));
        assertFalse(api.permits(a, "read"), "past reviewBy the decision point denies at once, before the job runs");
        expiry.revokeExpired();
        JsonNode lapsed = ReviewsApi.JSON.readTree(iga().get(l.admin("/delegations/" + lapsing)).asString());
        assertEquals("revoked", lapsed.path("status").asText());
        assertEquals("recertification-lapsed", lapsed.path("reason").asText());
        assertEquals("active", l.delegationStatus(approvedInTime), "approved before its reviewBy: it does not lapse");
    }

    @Test
    void theReportIsTheEvidenceInJsonAndCsv() throws Exception {
        ReviewsApi api = ReviewsApi.create("recert-report");
        LineageApi l = api.lineage();
        String alice = l.user("alice");
        String a = l.agent("a");
        String b = l.agent("b, the \"quoted\"");
        String toA = l.delegateFromUser(alice, a, List.of("read"));
        String toB = l.delegateFromUser(alice, b, List.of("read"));
        String campaign = api.campaign("evidence", Map.of("agentIds", List.of(a, b)), inSeconds(3600), null);
        String itemA = api.items(campaign).get(toA).path("id").asText();
        api.decide(campaign, itemA, "revoke", null, alice, "no longer, needed").then().statusCode(200);

        // the decision's audit record gets its position in the chain once sealed
        JsonNode report = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            report = ReviewsApi.JSON.readTree(iga().get(l.admin("/reviews/" + campaign + "/report")).then().statusCode(200)
                    .contentType("application/json").extract().asString());
            if (!decidedItem(report, itemA).path("auditPosition").isNull()) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(2, report.path("items").size());
        assertEquals("evidence", report.at("/campaign/name").asText());
        JsonNode first = decidedItem(report, itemA);
        assertEquals("revoke", first.path("decision").asText());
        assertEquals(alice, first.path("decidedBy").asText());
        assertNotNull(first.path("decidedAt").textValue());
        assertTrue(first.path("auditRecordId").isNumber());
        assertTrue(first.path("auditPosition").isNumber());
        assertEquals(1, report.path("items").findValuesAsText("status").stream().filter("pending"::equals).count());

        String csv = iga().queryParam("format", "csv").get(l.admin("/reviews/" + campaign + "/report")).then()
                .statusCode(200).contentType(containsString("text/csv")).extract().asString();
        String byAccept = iga().accept("text/csv").get(l.admin("/reviews/" + campaign + "/report")).then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        assertEquals(csv.lines().findFirst(), byAccept.lines().findFirst());
        List<String> lines = csv.lines().toList();
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("itemId,delegationId,"));
        String lineA = lines.stream().filter(x -> x.startsWith(itemA)).findFirst().orElseThrow();
        String lineB = lines.stream().skip(1).filter(x -> !x.startsWith(itemA)).findFirst().orElseThrow();
        assertTrue(lineA.startsWith(itemA + "," + toA + ",User," + alice + "," + a + ",a,"), lineA);
        assertTrue(lineA.contains(",\"no longer, needed\","), lineA);
        assertTrue(lineA.endsWith("," + first.path("auditRecordId").asLong() + "," + first.path("auditPosition").asLong()),
                lineA);
        assertTrue(lineB.contains("," + toB + ","), lineB);
        assertTrue(lineB.contains(",\"b, the \"\"quoted\"\"\","), lineB);
        iga().queryParam("format", "xml").get(l.admin("/reviews/" + campaign + "/report")).then().statusCode(400)
                .contentType("application/problem+json");
        iga().get(l.admin("/reviews/" + UUID.randomUUID() + "/report")).then().statusCode(404)
                .contentType("application/problem+json");
    }

    private static JsonNode decidedItem(JsonNode report, String itemId) {
        for (JsonNode i : report.path("items")) {
            if (i.path("id").asText().equals(itemId)) {
                return i;
            }
        }
        throw new AssertionError("no item " + itemId + " in " + report);
    }

    private static OffsetDateTime reviewBy(LineageApi l, String delegation) {
        return OffsetDateTime.parse(iga().get(l.admin("/delegations/" + delegation)).then().statusCode(200).extract()
                .path("reviewBy"));
    }

    private static void assertNear(OffsetDateTime expected, OffsetDateTime actual) {
        assertTrue(Math.abs(Duration.between(expected, actual).toMinutes()) < 5, expected + " vs " + actual);
    }

    private static void assertReviewers(JsonNode item, String source, String... reviewers) {
        assertNotNull(item, "an item for the delegation");
        assertEquals(source, item.path("reviewerSource").asText(), item.toString());
        assertEquals(List.of(reviewers), item.path("reviewers").findValuesAsText("id"));
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static Set<String> names(JsonNode n) {
        Set<String> out = new HashSet<>();
        Iterator<String> it = n.fieldNames();
        it.forEachRemaining(out::add);
        return out;
    }
}
