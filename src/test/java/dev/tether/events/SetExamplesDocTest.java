package dev.tether.events;

import static dev.tether.events.WebhookReceiver.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tether.audit.AuditSealer;
import dev.tether.lineage.LineageApi;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/set-examples.md shows one example SET per event type. Here each type is produced for real,
 * pushed to an SSF receiver, verified, and its claims compared with the documented example key
 * by key (values differ: ids and times are the run's own). A claim added, renamed or dropped in
 * the code fails this test until the page shows it. The run's SETs are written to
 * {@code target/set-examples.json} to update the page from.
 */
@QuarkusTest
class SetExamplesDocTest {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final Pattern EXAMPLE = Pattern.compile("#### `([a-z._]+)`\\s*\\n+```json\\n(.*?)\\n```", Pattern.DOTALL);

    /** What a subscription can receive: the event types and the test event. */
    static final Set<String> EVERY_TYPE = new TreeSet<>(java.util.stream.Stream.concat(EventTypes.ALL.stream(),
            java.util.stream.Stream.of(EventTypes.TEST)).toList());

    @Inject
    AuditSealer sealer;

    @Inject
    dev.tether.reviews.ReviewJob reviewJob;

    @Test
    void theDocumentedExampleOfEveryEventTypeHasTheClaimsOfARealSet() throws Exception {
        Map<String, JsonNode> real = produceEveryType();
        Files.writeString(Path.of("target/set-examples.json"), JSON.writeValueAsString(real));

        Map<String, JsonNode> documented = new TreeMap<>();
        Matcher m = EXAMPLE.matcher(Files.readString(Path.of("docs/set-examples.md")));
        while (m.find()) {
            documented.put(m.group(1), JSON.readTree(m.group(2)));
        }
        assertEquals(EVERY_TYPE, documented.keySet(), "one documented example per event type");
        for (String type : EVERY_TYPE) {
            assertEquals(shape(real.get(type)), shape(documented.get(type)), "the claims of a " + type + " SET");
        }
    }

    /** Every event type once, as the SET a subscribed receiver got, by Tether event type. */
    private Map<String, JsonNode> produceEveryType() throws Exception {
        LineageApi api = LineageApi.create("set-examples");
        Map<String, JsonNode> out = new TreeMap<>();
        try (WebhookReceiver receiver = WebhookReceiver.started()) {
            String subscription = Subscriptions.create(receiver.url(), "ssf", api.dir().id(), EventTypes.ALL)
                    .getString("id");
            String alice = api.user("alice@example.com");
            api.dir().scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Alice\"}"))
                    .patch(api.dir().path("/Users/" + alice)).then().statusCode(200);
            String bob = api.user("bob@example.com");
            String group = api.group("finance", alice, bob);
            api.dir().scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Finance\"}"))
                    .patch(api.dir().path("/Groups/" + group)).then().statusCode(200);
            String agent = api.agent("billing-bot");
            api.dir().scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Billing\"}"))
                    .patch(api.dir().path("/Agents/" + agent)).then().statusCode(200);
            String delegation = api.delegateFromUser(alice, agent, List.of("invoices:read"), group);
            api.credential(agent, delegation, "key-123");
            String other = api.agent("report-bot");
            // recertification: a campaign (requested), its reminder, a narrowing answer (decided, narrowed)
            String auditBot = api.agent("audit-bot");
            String wide = api.delegateFromUser(alice, auditBot, List.of("invoices:read", "invoices:write"));
            String campaign = LineageApi.integration().body(Map.of("name", "Q4 agents", "select",
                    Map.of("agentIds", List.of(auditBot)), "dueAt", Instant.now().plus(Duration.ofHours(20)).toString()))
                    .post(api.admin("/reviews")).then().statusCode(201).extract().path("id");
            reviewJob.run();
            String item = LineageApi.integration().get(api.admin("/reviews/" + campaign + "/items")).then().statusCode(200)
                    .extract().path("find { it.delegationId == '" + wide + "' }.id");
            LineageApi.integration().body(Map.of("decision", "narrow", "scopes", List.of("invoices:read"),
                    "justification", "it only reads", "reviewer", alice))
                    .post(api.admin("/reviews/" + campaign + "/items/" + item + "/decision")).then().statusCode(200);
            given().auth().oauth2(AdminTokens.operator()).post("/admin/v1/subscriptions/" + subscription + "/test")
                    .then().statusCode(202);
            api.dir().scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                    .patch(api.dir().path("/Users/" + alice)).then().statusCode(200);
            // the app reports a use of the key after the leaver revoked it: an incident
            LineageApi.integration().body(Map.of("credential", Map.of("externalId", "key-123",
                    "audience", "https://api.example.com"), "action", "invoices:read",
                    "target", Map.of("type", "invoice", "id", "inv-1"), "occurredAt", Instant.now().toString(),
                    "outcome", "success")).post(api.admin("/actions")).then().statusCode(201);
            api.dir().scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":true}"))
                    .patch(api.dir().path("/Users/" + alice)).then().statusCode(200);
            api.dir().scim().body(LineageApi.patch("{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + bob + "\\\"]\"}"))
                    .patch(api.dir().path("/Groups/" + group)).then().statusCode(200);
            api.dir().scim().delete(api.dir().path("/Groups/" + group)).then().statusCode(204);
            api.dir().scim().delete(api.dir().path("/Agents/" + other)).then().statusCode(204);
            api.dir().scim().delete(api.dir().path("/Users/" + bob)).then().statusCode(204);
            sealer.sealAll();

            try {
                await(Duration.ofSeconds(60), "a SET of every type", () -> {
                    collect(receiver, out);
                    return out.keySet().containsAll(EVERY_TYPE);
                });
            } catch (AssertionError e) {
                Set<String> missing = new TreeSet<>(EVERY_TYPE);
                missing.removeAll(out.keySet());
                throw new AssertionError("no SET of " + missing + " (a new event type needs a step here)", e);
            }
        }
        return out;
    }

    private static void collect(WebhookReceiver receiver, Map<String, JsonNode> out) {
        for (WebhookReceiver.Received r : receiver.received()) {
            try {
                JsonNode claims = JSON.valueToTree(SsfDeliveryTest.verify(r.body()).toJSONObject());
                JsonNode lineage = claims.path("https://tether.dev/secevent/lineage");
                String type = lineage.isMissingNode() ? EventTypes.TEST : lineage.path("eventType").asText();
                out.putIfAbsent(type, claims);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The claim names at every depth, arrays as one element: what a receiver's parser binds to. */
    static Set<String> shape(JsonNode node) {
        Set<String> out = new TreeSet<>();
        shape(node, "", out);
        return out;
    }

    private static void shape(JsonNode node, String at, Set<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                out.add(at + "/" + field.getKey());
                shape(field.getValue(), at + "/" + field.getKey(), out);
            }
        } else if (node.isArray() && !node.isEmpty()) {
            shape(node.get(0), at + "[]", out);
        }
    }
}
