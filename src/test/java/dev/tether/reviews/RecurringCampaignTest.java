package dev.tether.reviews;

import static dev.tether.reviews.ReviewsApi.iga;
import static dev.tether.reviews.ReviewsApi.inSeconds;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.lineage.LineageApi;
import dev.tether.testing.AdminTokens;
import io.restassured.RestAssured;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A review policy's recurring campaign as an operator sees it: set on the policy, opened by the
 * campaign job once per period (named, due and acted as the schedule says, over the selected
 * delegations only), not again before the period is over, once (not a backlog) after missed
 * periods, refused when malformed, and gone when removed. Other tests run the job too, so every
 * assertion is about this test's own directory.
 */
@QuarkusTest
class RecurringCampaignTest {

    @Inject
    ReviewJob job;

    @Inject
    DataSource dataSource;

    @Test
    void aRecurringCampaignOpensOnTheNextRoundThenOncePerPeriod() throws Exception {
        ReviewsApi api = ReviewsApi.create("recur-open");
        LineageApi l = api.lineage();
        String alice = l.user("alice");
        String payer = l.delegateFromUser(alice, l.agent("payer"), List.of("pay", "read"));
        l.delegateFromUser(alice, l.agent("reader"), List.of("read"));

        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC);
        JsonNode policy = put(l, Map.of("onNoAnswer", "revoke", "recurring", Map.of("every", "P90D", "dueIn", "P14D",
                "select", Map.of("scopes", List.of("pay")), "name", "Quarterly agents")));
        assertEquals("P90D", policy.at("/recurring/every").asText());
        assertEquals("P14D", policy.at("/recurring/dueIn").asText());
        assertEquals(List.of("pay"), RecertificationTest.texts(policy.at("/recurring/select/scopes")));
        assertEquals("Quarterly agents", policy.at("/recurring/name").asText());
        OffsetDateTime first = OffsetDateTime.parse(policy.path("nextCampaignAt").asText());
        assertTrue(Math.abs(Duration.between(before, first).toSeconds()) < 60, "due at once: " + first);
        assertEquals(policy, policy(l), "GET shows what PUT answered");
        assertEquals(0, campaigns(l).size(), "setting the schedule opens nothing by itself");

        assertTrue(job.run());
        List<JsonNode> opened = campaigns(l);
        assertEquals(1, opened.size());
        JsonNode campaign = opened.get(0);
        OffsetDateTime createdAt = OffsetDateTime.parse(campaign.path("createdAt").asText());
        OffsetDateTime dueAt = OffsetDateTime.parse(campaign.path("dueAt").asText());
        assertEquals("Quarterly agents " + createdAt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate(),
                campaign.path("name").asText());
        assertTrue(Math.abs(Duration.between(createdAt.plusDays(14), dueAt).toSeconds()) < 60, "dueAt " + dueAt);
        assertEquals("revoke", campaign.path("onNoAnswer").asText(), "the policy's no-answer rule");
        assertEquals("system", campaign.at("/createdBy/type").asText());
        assertEquals("open", campaign.path("status").asText());
        String campaignId = campaign.path("id").asText();
        Map<String, JsonNode> items = api.items(campaignId);
        assertEquals(Set.of(payer), items.keySet(), "only the delegations the select takes");
        assertEquals(alice, items.get(payer).at("/reviewers/0/id").asText());
        assertEquals(1, api.events("review.requested").size());

        // on the trail as a campaign an operator opened, with Tether itself as the actor
        JsonNode record = campaignRecord(api, campaignId);
        assertEquals("system", record.at("/actor/type").asText(), record.toString());
        assertEquals("Quarterly agents " + createdAt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate(),
                record.at("/details/name").asText());

        // the schedule moved on by every, from when it was due
        assertEquals(first.plusDays(90).toInstant(), nextCampaignAt(l).toInstant());

        // before the period is over, no second one
        assertTrue(job.run());
        assertEquals(1, campaigns(l).size());

        // a server down for two periods and more opens one campaign, not three
        OffsetDateTime missed = OffsetDateTime.now(ZoneOffset.UTC).minusDays(200).truncatedTo(ChronoUnit.MICROS);
        setNextCampaignAt(api.dir(), missed);
        assertTrue(job.run());
        assertEquals(2, campaigns(l).size());
        assertEquals(missed.plusDays(270).toInstant(), nextCampaignAt(l).toInstant(), "missed periods are skipped");
        assertTrue(job.run());
        assertEquals(2, campaigns(l).size());
    }

    @Test
    void aScheduleAnotherReplicaHoldsIsLeftToItAndNotLost() throws Exception {
        ReviewsApi api = ReviewsApi.create("recur-replicas");
        LineageApi l = api.lineage();
        l.delegateFromUser(l.user("alice"), l.agent("a"), List.of("read"));
        put(l, Map.of("recurring", Map.of("every", "P30D", "dueIn", "P7D")));

        // another replica has claimed the due policy row and is opening its campaign
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement ps = other.prepareStatement(
                    "SELECT 1 FROM review_policies WHERE directory_id = ? FOR UPDATE")) {
                ps.setObject(1, UUID.fromString(api.dir()));
                ps.executeQuery().close();
            }
            assertTrue(CompletableFuture.supplyAsync(job::run).get(60, TimeUnit.SECONDS), "the round does not wait for it");
            assertEquals(0, campaigns(l).size(), "this replica leaves the held schedule alone");
            other.rollback(); // that replica failed: nothing was opened, the schedule is still due
        }
        assertTrue(job.run());
        List<JsonNode> opened = campaigns(l);
        assertEquals(1, opened.size());
        assertTrue(opened.get(0).path("name").asText().startsWith("Recurring review "), "the default name and the date");
    }

    @Test
    void badRecurringValuesAreRefusedAndChangeNothing() throws Exception {
        ReviewsApi api = ReviewsApi.create("recur-bad");
        LineageApi l = api.lineage();
        l.delegateFromUser(l.user("alice"), l.agent("a"), List.of("read"));
        String startAt = inSeconds(86_400);
        put(l, Map.of("defaultInterval", "P90D",
                "recurring", Map.of("every", "P30D", "dueIn", "P7D", "startAt", startAt)));
        JsonNode before = policy(l);
        assertEquals(OffsetDateTime.parse(startAt).toInstant(), nextCampaignAt(l).toInstant(), "startAt given: then");

        Map<String, Object> good = Map.of("every", "P30D", "dueIn", "P7D");
        assertRefused(l, Map.of("dueIn", "P1D"), "/recurring/every");
        assertRefused(l, Map.of("every", "P0D", "dueIn", "P1D"), "/recurring/every");
        assertRefused(l, Map.of("every", "quarterly", "dueIn", "P1D"), "/recurring/every");
        assertRefused(l, Map.of("every", "PT24H", "dueIn", "PT1H"), "/recurring/every");
        assertRefused(l, Map.of("every", "P999999999Y", "dueIn", "PT1H"), "/recurring/every");
        assertRefused(l, Map.of("every", "P30D"), "/recurring/dueIn");
        assertRefused(l, Map.of("every", "P30D", "dueIn", "PT59M"), "/recurring/dueIn");
        assertRefused(l, Map.of("every", "P30D", "dueIn", "P31D"), "/recurring/dueIn");
        assertRefused(l, Map.of("every", "P1M", "dueIn", "P29D"), "/recurring/dueIn");
        assertRefused(l, Map.of("every", "P30D", "dueIn", "two weeks"), "/recurring/dueIn");
        assertRefused(l, with(good, "onNoAnswer", "delete-all"), "/recurring/onNoAnswer");
        assertRefused(l, with(good, "name", " "), "/recurring/name");
        assertRefused(l, with(good, "startAt", inSeconds(-60)), "/recurring/startAt");
        assertRefused(l, with(good, "select", Map.of("unusedFor", "a week")), "/recurring/select/unusedFor");
        assertRefused(l, with(good, "select", Map.of("olderThan", "-P1D")), "/recurring/select/olderThan");
        iga().body(Map.of("recurring", "P90D")).put(l.admin("/review-policy")).then().statusCode(400)
                .contentType("application/problem+json");
        iga().body(Map.of("recurring", with(good, "every", 30))).put(l.admin("/review-policy")).then().statusCode(400)
                .contentType("application/problem+json");

        assertEquals(before, policy(l), "a refused policy changes nothing");
        assertTrue(job.run());
        assertEquals(0, campaigns(l).size());
    }

    @Test
    void editingThePolicyKeepsTheScheduleAndRemovingItStopsIt() throws Exception {
        ReviewsApi api = ReviewsApi.create("recur-remove");
        LineageApi l = api.lineage();
        l.delegateFromUser(l.user("alice"), l.agent("a"), List.of("read"));
        Map<String, Object> weekly = Map.of("every", "P7D", "dueIn", "P1D", "name", "Weekly");

        OffsetDateTime first = OffsetDateTime.parse(put(l, Map.of("recurring", weekly)).path("nextCampaignAt").asText());
        JsonNode edited = put(l, Map.of("defaultInterval", "P90D", "recurring", weekly));
        assertEquals(first.toInstant(), OffsetDateTime.parse(edited.path("nextCampaignAt").asText()).toInstant(),
                "editing the policy does not move the next campaign");
        assertEquals("P90D", edited.path("defaultInterval").asText());

        // startAt moves it; leaving it out afterwards keeps it there
        String later = inSeconds(2 * 86_400);
        put(l, Map.of("recurring", with(weekly, "startAt", later)));
        assertEquals(OffsetDateTime.parse(later).toInstant(), nextCampaignAt(l).toInstant());
        put(l, Map.of("recurring", weekly));
        assertEquals(OffsetDateTime.parse(later).toInstant(), nextCampaignAt(l).toInstant());
        assertTrue(job.run());
        assertEquals(0, campaigns(l).size(), "not due before startAt");

        // removed (left out, or null): no schedule, and a past due date no longer opens anything
        setNextCampaignAt(api.dir(), OffsetDateTime.now(ZoneOffset.UTC).minusDays(1));
        iga().body(Map.of("defaultInterval", "P90D")).put(l.admin("/review-policy")).then().statusCode(200)
                .body("recurring", nullValue()).body("nextCampaignAt", nullValue());
        iga().get(l.admin("/review-policy")).then().statusCode(200)
                .body("recurring", nullValue()).body("nextCampaignAt", nullValue());
        assertTrue(job.run());
        assertEquals(0, campaigns(l).size());

        put(l, Map.of("recurring", weekly));
        Map<String, Object> explicitNull = new HashMap<>();
        explicitNull.put("recurring", null);
        iga().body(explicitNull).put(l.admin("/review-policy")).then().statusCode(200)
                .body("recurring", nullValue()).body("nextCampaignAt", nullValue());
        assertTrue(job.run());
        assertEquals(0, campaigns(l).size());
    }

    private static JsonNode put(LineageApi l, Map<String, Object> body) throws Exception {
        return ReviewsApi.JSON.readTree(iga().body(body).put(l.admin("/review-policy")).then().statusCode(200).extract()
                .asString());
    }

    private static JsonNode policy(LineageApi l) throws Exception {
        return ReviewsApi.JSON.readTree(iga().get(l.admin("/review-policy")).then().statusCode(200).extract().asString());
    }

    private static OffsetDateTime nextCampaignAt(LineageApi l) throws Exception {
        return OffsetDateTime.parse(policy(l).path("nextCampaignAt").asText());
    }

    private static List<JsonNode> campaigns(LineageApi l) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        ReviewsApi.JSON.readTree(iga().get(l.admin("/reviews?limit=100")).then().statusCode(200).extract().asString())
                .forEach(out::add);
        return out;
    }

    private static void assertRefused(LineageApi l, Map<String, Object> recurring, String pointer) {
        iga().body(Map.of("defaultInterval", "P7D", "recurring", recurring)).put(l.admin("/review-policy")).then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].pointer", equalTo(pointer));
    }

    private static Map<String, Object> with(Map<String, Object> base, String field, Object value) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        out.put(field, value);
        return out;
    }

    private static JsonNode campaignRecord(ReviewsApi api, String campaignId) throws Exception {
        JsonNode audit = ReviewsApi.JSON.readTree(RestAssured.given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/" + api.dir() + "/audit?action=review.campaign.create&count=100").then()
                .statusCode(200).extract().asString());
        for (JsonNode row : audit.path("records")) {
            if (row.at("/record/target/id").asText().equals(campaignId)) {
                return row.path("record");
            }
        }
        throw new AssertionError("no review.campaign.create record for " + campaignId + " in " + audit);
    }

    /** What a replica that was down, or a schedule set long ago, leaves behind: a due date in the past. */
    private void setNextCampaignAt(String directoryId, OffsetDateTime at) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE review_policies SET next_campaign_at = ? WHERE directory_id = ?")) {
            ps.setObject(1, at);
            ps.setObject(2, UUID.fromString(directoryId));
            assertEquals(1, ps.executeUpdate());
        }
    }
}
