package dev.tether.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.lineage.LineageApi;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A manual revocation names the operator who asked, for everything its cascade revoked; a leaver's stays system. */
@QuarkusTest
class ManualRevocationAuditTest {

    @Test
    void manualRevocationsNameTheOperatorAndTheirCascadeToo() {
        LineageApi api = LineageApi.create("audit-manual");
        String user = api.user("manual-user");
        String a = api.agent("manual-a");
        String b = api.agent("manual-b");
        String d1 = api.delegateFromUser(user, a, List.of("read"));
        String d2 = api.delegateFromAgent(a, b, List.of("read"));
        String c1 = api.credential(a, d1, "manual-k1");
        String c2 = api.credential(b, d2, "manual-k2");
        LineageApi.integration().delete(api.admin("/credentials/" + c1)).then().statusCode(204);
        LineageApi.integration().delete(api.admin("/delegations/" + d1)).then().statusCode(204);

        List<JsonNode> revocations = revocations(api.dir().id());
        List<String> targets = revocations.stream().map(r -> r.at("/target/id").asText()).toList();
        assertTrue(targets.containsAll(List.of(c1, d1, d2, c2)), targets.toString());
        for (JsonNode r : revocations) {
            assertEquals("manual", r.at("/details/reason").asText());
            assertEquals("admin", r.at("/actor/type").asText(), r.toString());
            assertEquals("test-operator", r.at("/actor/id").asText(), r.toString());
        }
    }

    @Test
    void aLeaversCascadeIsTethersOwnDoing() {
        LineageApi api = LineageApi.create("audit-manual-leaver");
        String user = api.user("leaver-user");
        String agent = api.agent("leaver-agent");
        api.delegateFromUser(user, agent, List.of("read"));
        api.dir().scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                .patch(api.dir().path("/Users/" + user)).then().statusCode(200);
        List<JsonNode> cascade = revocations(api.dir().id());
        assertFalse(cascade.isEmpty());
        cascade.forEach(r -> assertEquals("system", r.at("/actor/type").asText(), r.toString()));
    }

    private static List<JsonNode> revocations(String dir) {
        return AuditApi.directoryTrail(dir).stream().filter(r -> {
            String action = r.get("action").asText();
            return action.endsWith(".revoke") || action.equals("agent.suspend");
        }).toList();
    }
}
