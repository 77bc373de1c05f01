package dev.tether.operations;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.lineage.LineageApi;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * A request has one id: the one its response echoes is the one in its log lines and in every
 * audit record it caused, also when the caller sent none (before, the log context and the audit
 * log each minted their own).
 */
@QuarkusTest
class OneRequestIdTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aLeaversLogLineAndAuditRecordsCarryTheIdItsResponseEchoes() throws Exception {
        LineageApi api = LineageApi.create("one-request-id");
        String user = api.user("one-request-id-leaver");
        String agent = api.agent("one-request-id-bot");
        String delegation = api.delegateFromUser(user, agent, List.of("read"));
        api.credential(agent, delegation, "one-request-id-key");

        List<String[]> lines = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record instanceof ExtLogRecord ext) {
                    lines.add(new String[] {ext.getMdc("requestId"), ext.getFormattedMessage()});
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger lineageLog = Logger.getLogger("dev.tether.lineage");
        lineageLog.addHandler(capture);
        Response leaver;
        try {
            // no X-Request-Id: the server mints the one id
            leaver = api.dir().scim()
                    .body(LineageApi.patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}"))
                    .patch(api.dir().path("/Users/" + user));
            leaver.then().statusCode(200);
        } finally {
            lineageLog.removeHandler(capture);
        }
        String requestId = leaver.header("X-Request-Id");
        assertTrue(requestId != null && !requestId.isBlank(), "the response names its request id");

        List<String> cascadeLines = lines.stream().filter(l -> l[1].startsWith("leaver cascade")).map(l -> l[0]).toList();
        assertEquals(List.of(requestId), cascadeLines, "the cascade's log line carries the request's id");

        String body = given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/{d}/audit", api.dir().id()).then().statusCode(200).extract().asString();
        Set<String> actions = new TreeSet<>();
        Set<String> causes = new TreeSet<>();
        for (JsonNode line : MAPPER.readTree(body).get("records")) {
            JsonNode record = line.get("record");
            if (requestId.equals(record.at("/request/id").asText())) {
                actions.add(record.get("action").asText());
                causes.add(record.get("cause").asText());
            }
        }
        assertEquals(Set.of("user.update", "delegation.revoke", "credential.revoke", "agent.suspend"), actions,
                "every record the leaver caused carries the request's id");
        assertEquals(1, causes.size(), "and one txn");
        assertFalse(causes.contains(requestId));
    }
}
