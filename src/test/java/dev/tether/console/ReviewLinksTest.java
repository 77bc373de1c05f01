package dev.tether.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.lineage.LineageApi;
import dev.tether.platform.Cause;
import dev.tether.reviews.Campaign;
import dev.tether.reviews.CampaignSelection;
import dev.tether.reviews.ReviewCampaigns;
import dev.tether.reviews.ReviewItem;
import dev.tether.security.AdminRoles;
import dev.tether.security.ConsoleSessions;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review links through the admin API (made for a reviewer of the campaign only, listed without
 * their address, revoked) and what the reviewer's page and the console refuse: a form without its
 * CSRF token, an item answered twice, another reviewer's item, an auditor's change. Each refusal
 * changes nothing.
 */
@QuarkusTest
class ReviewLinksTest {

    @Inject
    ReviewCampaigns campaigns;

    @Inject
    ConsoleSessions sessions;

    LineageApi api;
    String alice;
    String bob;
    String toAliceAgent;
    String toBobAgent;
    Campaign campaign;

    @BeforeEach
    void campaign() {
        api = LineageApi.create("review-links-" + UUID.randomUUID());
        alice = api.user("alice");
        bob = api.user("bob");
        toAliceAgent = api.delegateFromUser(alice, api.agent("alice-helper"), List.of("read", "write"));
        toBobAgent = api.delegateFromUser(bob, api.agent("bob-helper"), List.of("read"));
        campaign = campaigns.create(UUID.fromString(api.dir().id()), new ReviewCampaigns.Request("Links",
                new CampaignSelection(null, null, null, null, null), null, OffsetDateTime.now().plusDays(7), "keep-flagged"),
                Cause.system());
    }

    String links() {
        return api.admin("/reviews/" + campaign.id() + "/links");
    }

    static io.restassured.specification.RequestSpecification operator() {
        return given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON);
    }

    ReviewItem itemOf(String user) {
        return campaigns.items(campaign.directoryId(), campaign.id(), false, UUID.fromString(user), null, null, 10).get(0);
    }

    /** Opens a link as a browser would and returns the cookie that binds it, and the link id. */
    static String[] open(Map<String, Object> link) {
        String url = (String) link.get("url");
        Response opened = given().redirects().follow(false).get(url.substring(url.indexOf("/link/")));
        opened.then().statusCode(200);
        String cookie = "tether-link-" + link.get("id");
        assertNotNull(opened.getCookie(cookie), "the link binds this browser");
        return new String[] {cookie, opened.getCookie(cookie)};
    }

    @Test
    void aLinkIsMadeForAReviewerOfTheCampaignOnlyListedWithoutItsAddressAndRevoked() {
        operator().body(Map.of("reviewer", UUID.randomUUID().toString())).post(links()).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].pointer", equalTo("/reviewer"));
        operator().body(Map.of("reviewer", "not-an-id")).post(links()).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/reviewer"));
        operator().body(Map.of()).post(links()).then().statusCode(400).body("errors[0].pointer", equalTo("/reviewer"));
        operator().body(Map.of("reviewer", alice, "expiresIn", "P30D")).post(links()).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/expiresIn"));
        operator().body(Map.of("reviewer", alice)).post(api.admin("/reviews/" + UUID.randomUUID() + "/links"))
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(AdminTokens.withGroups(AdminRoles.AUDITOR)).contentType(ContentType.JSON)
                .body(Map.of("reviewer", alice)).post(links()).then().statusCode(403);
        assertEquals(0, operator().get(links()).then().statusCode(200).extract().jsonPath().getList("").size(),
                "the refusals made nothing");

        Map<String, Object> link = operator().body(Map.of("reviewer", alice, "expiresIn", "PT2H")).post(links())
                .then().statusCode(201).header("Location", containsString("/links/"))
                .body("reviewer", equalTo(alice)).body("campaignId", equalTo(campaign.id().toString()))
                .body("status", equalTo("unused")).body("url", containsString("/link/tl_"))
                .extract().jsonPath().getMap("");
        operator().get(links()).then().statusCode(200).body("[0].id", equalTo(link.get("id")))
                .body("[0].url", nullValue()).body("[0].reviewer", equalTo(alice));
        // made: on the operator trail, naming the reviewer and the campaign
        given().auth().oauth2(AdminTokens.operator()).queryParam("target", link.get("id")).queryParam("action", "link.create")
                .get("/admin/v1/operator-trail").then().statusCode(200)
                .body("records[0].record.details.reviewer", equalTo(alice))
                .body("records[0].record.details.objectId", equalTo(campaign.id().toString()))
                .body("records[0].record.details.directory", equalTo(api.dir().id()));

        String[] cookie = open(link);
        given().cookie(cookie[0], cookie[1]).get("/review/" + link.get("id")).then().statusCode(200)
                .body(containsString("alice-helper")).body(not(containsString("bob-helper")));
        operator().delete(links() + "/" + link.get("id")).then().statusCode(204);
        given().cookie(cookie[0], cookie[1]).get("/review/" + link.get("id")).then().statusCode(403)
                .body(containsString("This link cannot be used")).body(not(containsString("alice-helper")));
        operator().delete(links() + "/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void theReviewersPageRefusesWhatItMustAndChangesNothing() {
        Map<String, Object> link = operator().body(Map.of("reviewer", alice)).post(links()).then().statusCode(201)
                .extract().jsonPath().getMap("");
        String[] cookie = open(link);
        String page = "/review/" + link.get("id");
        String csrf = CsrfTokens.of(cookie[1]);
        ReviewItem mine = itemOf(alice);
        ReviewItem bobs = itemOf(bob);

        // no CSRF token: refused before anything runs
        given().cookie(cookie[0], cookie[1]).formParam("decision", "revoke").formParam("justification", "x")
                .post(page + "/items/" + mine.id()).then().statusCode(403).body(containsString("Form refused"));
        // no justification
        given().cookie(cookie[0], cookie[1]).formParam("csrf", csrf).formParam("decision", "approve")
                .post(page + "/items/" + mine.id()).then().statusCode(400).body(containsString("justification is required"));
        // narrowing to every scope it has is no narrowing
        given().cookie(cookie[0], cookie[1]).formParam("csrf", csrf).formParam("decision", "narrow")
                .formParam("keep", "read", "write").formParam("justification", "all of it")
                .post(page + "/items/" + mine.id()).then().statusCode(400);
        // another reviewer's item is as unknown as one that does not exist
        given().cookie(cookie[0], cookie[1]).formParam("csrf", csrf).formParam("decision", "revoke")
                .formParam("justification", "not mine").post(page + "/items/" + bobs.id()).then().statusCode(404)
                .body(containsString("no such item"));
        assertEquals("active", api.delegationStatus(toBobAgent));
        assertEquals("pending", itemOf(alice).status());

        // answered once; a second answer is refused and the first stands
        given().cookie(cookie[0], cookie[1]).formParam("csrf", csrf).formParam("decision", "approve")
                .formParam("justification", "still needed").redirects().follow(false)
                .post(page + "/items/" + mine.id()).then().statusCode(303).header("Location", containsString(page));
        given().cookie(cookie[0], cookie[1]).formParam("csrf", csrf).formParam("decision", "revoke")
                .formParam("justification", "changed my mind").post(page + "/items/" + mine.id()).then().statusCode(409)
                .body(containsString("already answered"));
        assertEquals("approve", itemOf(alice).decision());
        assertEquals("active", api.delegationStatus(toAliceAgent));
    }

    @Test
    void anAuditorSeesTheReviewsAndChangesNothing() {
        var auditor = sessions.start("auditor-reviews", "Ada Auditor", List.of(AdminRoles.AUDITOR),
                ConsoleSessions.SignedInBy.OIDC, Cause.system());
        String reviews = "/console/directories/" + api.dir().id() + "/reviews";
        given().cookie("tether-session", auditor.secret()).get(reviews).then().statusCode(200)
                .body(containsString("Links")).body(not(containsString("Start campaign")));
        given().cookie("tether-session", auditor.secret()).get(reviews + "/" + campaign.id()).then().statusCode(200)
                .body(containsString("alice-helper")).body(not(containsString("Make review link")));
        given().cookie("tether-session", auditor.secret()).formParam("csrf", CsrfTokens.of(auditor.secret()))
                .formParam("reviewer", alice).formParam("lifetimeHours", "24")
                .post(reviews + "/" + campaign.id() + "/links").then().statusCode(403);
        given().cookie("tether-session", auditor.secret()).formParam("csrf", CsrfTokens.of(auditor.secret()))
                .formParam("name", "Sneaky").formParam("dueInDays", "7").formParam("onNoAnswer", "revoke")
                .post(reviews).then().statusCode(403);
        assertEquals(0, operator().get(links()).then().extract().jsonPath().getList("").size());
        assertEquals(1, campaigns.list(campaign.directoryId(), null, null, 10).size());

        // the evidence downloads: the same report as the admin API's, as JSON and as CSV
        String csv = given().cookie("tether-session", auditor.secret()).get(reviews + "/" + campaign.id() + "/report.csv")
                .then().statusCode(200).contentType(containsString("text/csv"))
                .header("Content-Disposition", containsString("review-" + campaign.id() + ".csv")).extract().asString();
        // (usage runs until now for an open item, so the two reports differ only in that)
        String adminCsv = given().auth().oauth2(AdminTokens.operator()).queryParam("format", "csv")
                .get(api.admin("/reviews/" + campaign.id() + "/report")).then().statusCode(200).extract().asString();
        assertEquals(adminCsv.lines().map(l -> l.split(",")[0]).toList(), csv.lines().map(l -> l.split(",")[0]).toList());
        String[] lines = csv.split("\r\n");
        assertEquals(3, lines.length, csv);
        assertTrue(lines[0].startsWith("itemId,delegationId"), lines[0]);
        Map<String, Object> json = given().cookie("tether-session", auditor.secret())
                .get(reviews + "/" + campaign.id() + "/report.json").then().statusCode(200)
                .contentType(containsString("application/json")).extract().jsonPath().getMap("");
        Map<String, Object> admin = given().auth().oauth2(AdminTokens.operator())
                .get(api.admin("/reviews/" + campaign.id() + "/report")).then().statusCode(200).extract().jsonPath().getMap("");
        assertEquals(((List<?>) admin.get("items")).stream().map(i -> ((Map<?, ?>) i).get("id")).toList(),
                ((List<?>) json.get("items")).stream().map(i -> ((Map<?, ?>) i).get("id")).toList());
        assertEquals(admin.get("campaign"), json.get("campaign"));
    }
}
