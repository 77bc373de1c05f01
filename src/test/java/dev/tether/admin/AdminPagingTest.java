package dev.tether.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.lineage.LineageApi;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Admin lists page by an opaque cursor in a Link header, filter by status, and never cap silently. */
@QuarkusTest
class AdminPagingTest {

    static final Pattern NEXT = Pattern.compile("^<([^>]+)>; rel=\"next\"$");

    static RequestSpecification operator() {
        return given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON);
    }

    /**
     * Follows the next links from {@code first} and returns every id in order, checking that no
     * page is larger than {@code limit} and that only the last page has no link.
     */
    static List<String> walk(Supplier<RequestSpecification> who, String first, int limit) {
        List<String> ids = new ArrayList<>();
        String url = first;
        for (int pages = 0; url != null; pages++) {
            assertTrue(pages < 1000, "the pages end");
            Response r = who.get().get(url);
            r.then().statusCode(200).contentType(ContentType.JSON);
            List<String> page = r.jsonPath().getList("id");
            assertTrue(page.size() <= limit, "page of " + page.size() + " > " + limit);
            ids.addAll(page);
            String link = r.getHeader("Link");
            if (link == null) {
                url = null;
            } else {
                Matcher m = NEXT.matcher(link);
                assertTrue(m.matches(), link);
                assertEquals(limit, page.size(), "only the last page is short");
                url = m.group(1);
            }
        }
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no id twice: " + ids);
        return ids;
    }

    static void limitsAndCursorsAreChecked(Supplier<RequestSpecification> who, String path) {
        for (String limit : new String[] {"0", "1001", "x", "-1"}) {
            who.get().queryParam("limit", limit).get(path).then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                    .body("detail", equalTo("\"limit\" must be between 1 and 1000"))
                    .body("errors[0].parameter", equalTo("limit")).body("errors[0].pointer", nullValue());
        }
        who.get().queryParam("limit", 1000).get(path).then().statusCode(200);
        for (String after : new String[] {"garbage!", "bm90IGEgY3Vyc29y", AdminPaging.cursor("elsewhere", "1", "2")}) {
            who.get().queryParam("after", after).get(path).then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                    .body("detail", equalTo("\"after\" is not a cursor this list returned"))
                    .body("errors[0].parameter", equalTo("after"));
        }
    }

    @Test
    void directoriesPageWithoutGapsOrRepeats() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(AdminApi.createDirectory("paging-dir-" + i));
        }
        List<String> all = walk(AdminPagingTest::operator, "/admin/v1/directories?limit=1000", 1000);
        List<String> paged = walk(AdminPagingTest::operator, "/admin/v1/directories?limit=2", 2);
        assertEquals(all, paged, "the pages together are the whole list, in order");
        assertTrue(paged.containsAll(created));
        assertEquals(created, paged.subList(paged.size() - 5, paged.size()), "creation order");
        // the default page is 100 and says when there is more
        Response first = operator().get("/admin/v1/directories");
        assertEquals(Math.min(all.size(), 100), first.jsonPath().getList("id").size());
        assertEquals(all.size() > 100, first.getHeader("Link") != null);
        limitsAndCursorsAreChecked(AdminPagingTest::operator, "/admin/v1/directories");
    }

    @Test
    void tokensPageAndFilterByStatus() throws InterruptedException {
        String dir = AdminApi.createDirectory("paging-tokens");
        List<String> active = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            active.add(AdminApi.issueToken(dir).get("id"));
        }
        String revoked = AdminApi.issueToken(dir).get("id");
        AdminApi.revokeToken(dir, revoked);
        String expiring = operator().body(Map.of("expiresAt", java.time.Instant.now().plusSeconds(2).toString()))
                .post("/admin/v1/directories/{id}/tokens", dir).then().statusCode(201).extract().path("id");
        Thread.sleep(2_500);
        String path = "/admin/v1/directories/" + dir + "/tokens";
        List<String> all = walk(AdminPagingTest::operator, path + "?limit=2", 2);
        assertEquals(6, all.size());
        assertEquals(active, walk(AdminPagingTest::operator, path + "?status=active&limit=3", 3));
        assertEquals(List.of(revoked), walk(AdminPagingTest::operator, path + "?status=revoked&limit=3", 3));
        assertEquals(List.of(expiring), walk(AdminPagingTest::operator, path + "?status=expired", 100));
        operator().get(path + "?status=gone").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("detail", equalTo("\"status\" must be active, revoked or expired"))
                .body("errors[0].parameter", equalTo("status"));
        limitsAndCursorsAreChecked(AdminPagingTest::operator, path);
    }

    @Test
    void delegationsAndCredentialsPageAndFilterByStatus() {
        LineageApi api = LineageApi.create("paging-lineage");
        String user = api.user("pager");
        List<String> delegations = new ArrayList<>();
        List<String> credentials = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String agent = api.agent("agent-" + i);
            String delegation = api.delegateFromUser(user, agent, List.of("read"));
            delegations.add(delegation);
            credentials.add(api.credential(agent, delegation, "key-" + i));
        }
        LineageApi.integration().delete(api.admin("/delegations/" + delegations.get(4))).then().statusCode(204);
        assertEquals(delegations, walk(LineageApi::integration, api.admin("/delegations?limit=2"), 2));
        assertEquals(delegations.subList(0, 4), walk(LineageApi::integration, api.admin("/delegations?status=active&limit=3"), 3));
        assertEquals(List.of(delegations.get(4)), walk(LineageApi::integration, api.admin("/delegations?status=revoked&limit=1"), 1));
        assertEquals(credentials, walk(LineageApi::integration, api.admin("/credentials?limit=2"), 2));
        assertEquals(credentials.subList(0, 4), walk(LineageApi::integration, api.admin("/credentials?status=active&limit=2"), 2));
        limitsAndCursorsAreChecked(LineageApi::integration, api.admin("/delegations"));
        limitsAndCursorsAreChecked(LineageApi::integration, api.admin("/credentials"));
        // a cursor of one list is not one of another
        String link = LineageApi.integration().get(api.admin("/delegations?limit=1")).getHeader("Link");
        String cursor = link.replaceAll(".*after=([^&>]+).*", "$1");
        LineageApi.integration().get(api.admin("/credentials?after=" + cursor)).then().statusCode(400)
                .body("errors[0].parameter", equalTo("after"));
    }

    @Test
    void subscriptionsAndDeliveriesPageAndFilterByStatus() {
        String dir = AdminApi.createDirectory("paging-subscriptions");
        List<String> subs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            subs.add(operator().body(Map.of("url", "http://127.0.0.1:9/hook-" + i, "format", "standard-webhooks",
                    "directoryIds", List.of(dir))).post("/admin/v1/subscriptions").then().statusCode(201)
                    .extract().path("id"));
        }
        operator().body(Map.of("status", "paused")).patch("/admin/v1/subscriptions/" + subs.get(1)).then().statusCode(200);
        List<String> all = walk(AdminPagingTest::operator, "/admin/v1/subscriptions?limit=1", 1);
        assertEquals(subs, all.subList(all.size() - 3, all.size()));
        List<String> paused = walk(AdminPagingTest::operator, "/admin/v1/subscriptions?status=paused&limit=1", 1);
        assertTrue(paused.contains(subs.get(1)) && !paused.contains(subs.get(0)) && !paused.contains(subs.get(2)), paused.toString());
        operator().get("/admin/v1/subscriptions?status=gone").then().statusCode(400)
                .body("detail", equalTo("\"status\" must be active, paused or disabled"))
                .body("errors[0].parameter", equalTo("status"));
        limitsAndCursorsAreChecked(AdminPagingTest::operator, "/admin/v1/subscriptions");

        // the paused subscription holds its deliveries: five test events, newest first, pending
        String held = subs.get(1);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(0, operator().post("/admin/v1/subscriptions/{id}/test", held).then().statusCode(202)
                    .extract().path("eventId"));
        }
        String deliveries = "/admin/v1/subscriptions/" + held + "/deliveries";
        List<String> paged = walk(AdminPagingTest::operator, deliveries + "?limit=2", 2);
        assertEquals(5, paged.size());
        List<String> pagedEvents = new ArrayList<>();
        String url = deliveries + "?limit=2";
        while (url != null) {
            Response r = operator().get(url);
            pagedEvents.addAll(r.jsonPath().getList("eventId"));
            String link = r.getHeader("Link");
            url = link == null ? null : link.substring(1, link.indexOf('>'));
        }
        assertEquals(events, pagedEvents, "newest first, each once");
        assertEquals(5, walk(AdminPagingTest::operator, deliveries + "?status=pending&limit=4", 4).size());
        assertEquals(List.of(), walk(AdminPagingTest::operator, deliveries + "?status=dead", 100));
        limitsAndCursorsAreChecked(AdminPagingTest::operator, deliveries);
        operator().get(deliveries + "?status=done").then().statusCode(400).body("errors[0].parameter", equalTo("status"));
        assertNull(operator().get(deliveries + "?limit=5").getHeader("Link"), "five fit one page of five");
        for (String s : subs) {
            operator().delete("/admin/v1/subscriptions/" + s).then().statusCode(204);
        }
        operator().get(deliveries).then().statusCode(404).body("status", is(404));
    }
}
