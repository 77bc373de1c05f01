package dev.tether.reviews;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.lineage.LineageApi;
import dev.tether.security.AdminRoles;
import dev.tether.testing.AdminTokens;
import dev.tether.testing.DirectoryRows;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Drives recertification through the real HTTP API, as an IGA tool would, over a directory built by {@link LineageApi}. */
record ReviewsApi(LineageApi lineage) {

    static final ObjectMapper JSON = new ObjectMapper();

    static ReviewsApi create(String name) {
        return new ReviewsApi(LineageApi.create(name));
    }

    String dir() {
        return lineage.dir().id();
    }

    static RequestSpecification iga() {
        return LineageApi.integration();
    }

    static RequestSpecification pep() {
        return given().auth().oauth2(AdminTokens.withGroups(AdminRoles.PEP)).contentType(ContentType.JSON)
                .accept(ContentType.JSON);
    }

    static String inSeconds(long seconds) {
        return OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(seconds).withNano(0).toString();
    }

    Response open(String name, Map<String, Object> select, String dueAt, String onNoAnswer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (select != null) {
            body.put("select", select);
        }
        body.put("dueAt", dueAt);
        if (onNoAnswer != null) {
            body.put("onNoAnswer", onNoAnswer);
        }
        return iga().body(body).post(lineage.admin("/reviews"));
    }

    String campaign(String name, Map<String, Object> select, String dueAt, String onNoAnswer) {
        return open(name, select, dueAt, onNoAnswer).then().statusCode(201).extract().path("id");
    }

    /** Every item of the campaign, following the pages, by delegation id. */
    Map<String, JsonNode> items(String campaign) throws Exception {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        String url = lineage.admin("/reviews/" + campaign + "/items?limit=2");
        while (url != null) {
            Response r = iga().get(url);
            r.then().statusCode(200);
            JSON.readTree(r.asString()).forEach(i -> out.put(i.path("delegationId").asText(), i));
            String link = r.header("Link");
            url = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        }
        return out;
    }

    JsonNode item(String campaign, String itemId) throws Exception {
        return JSON.readTree(iga().get(lineage.admin("/reviews/" + campaign + "/items/" + itemId)).then().statusCode(200)
                .extract().asString());
    }

    Response decide(String campaign, String itemId, String decision, List<String> scopes, String reviewer,
            String justification) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("decision", decision);
        if (scopes != null) {
            body.put("scopes", scopes);
        }
        body.put("justification", justification);
        body.put("reviewer", reviewer);
        return iga().body(body).post(lineage.admin("/reviews/" + campaign + "/items/" + itemId + "/decision"));
    }

    /** A credential the test reports actions with, under {@code delegation}. */
    String credential(String agent, String delegation) {
        return lineage.credential(agent, delegation, "key-" + UUID.randomUUID());
    }

    /** Reports {@code action} done (or denied) with the credential, now. */
    void act(String credentialId, String action, String outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("credential", Map.of("id", credentialId));
        body.put("action", action);
        body.put("target", Map.of("type", "invoice", "id", "inv-" + UUID.randomUUID()));
        body.put("occurredAt", Instant.now().toString());
        body.put("outcome", outcome);
        pep().body(body).post(lineage.admin("/actions")).then().statusCode(201);
    }

    boolean permits(String agent, String action) {
        Map<String, Object> body = Map.of("subject", Map.of("type", "agent", "id", agent), "action", Map.of("name", action),
                "resource", Map.of("type", "api", "id", "payments"));
        return pep().body(body).post("/authzen/" + dir() + "/access/v1/evaluation").then().statusCode(200).extract()
                .path("decision");
    }

    /** The directory's events of {@code type}, oldest first. */
    List<JsonNode> events(String type) throws Exception {
        DirectoryRows.awaitFeedCaughtUp(dir());
        List<JsonNode> out = new ArrayList<>();
        String after = null;
        while (true) {
            var request = given().auth().oauth2(AdminTokens.operator()).queryParam("limit", 1000);
            if (after != null) {
                request.queryParam("after", after);
            }
            JsonNode page = JSON.readTree(request.get("/admin/v1/directories/{dir}/events", dir()).then().statusCode(200)
                    .extract().asString());
            if (page.path("events").isEmpty()) {
                return out;
            }
            page.path("events").forEach(e -> {
                if (e.path("type").asText().equals(type)) {
                    out.add(e);
                }
            });
            after = page.path("next").asText();
        }
    }
}
