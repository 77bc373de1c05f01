package dev.tether.lineage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A disabled directory is inert: no new delegations or credentials (409), its credentials are
 * reported inactive with reason directory_disabled, and only an explicit, audited enable brings
 * it back.
 */
@QuarkusTest
class DisabledDirectoryTest {

    @Test
    void aDisabledDirectoryTakesNoGrantsAndItsCredentialsAreInactiveUntilEnabled() {
        LineageApi api = LineageApi.create("inert");
        String user = api.user("inert.owner");
        String agent = api.agent("inert-agent", user);
        String other = api.agent("inert-other", user);
        String delegation = api.delegateFromUser(user, agent, List.of("read"));
        api.credential(agent, delegation, "inert-key");
        long delegationsBefore = count(api, "/delegations?agentId=" + other);

        given().auth().oauth2(AdminTokens.operator()).delete("/admin/v1/directories/{id}", api.dir().id())
                .then().statusCode(204);

        api.grant(Map.of("delegator", Map.of("type", "User", "id", user), "agentId", other, "scopes", List.of("read")))
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("disabled"));
        api.issue(agent, delegation, "inert-key-2").then().statusCode(409).body("detail", containsString("disabled"));
        assertEquals(delegationsBefore, count(api, "/delegations?agentId=" + other), "nothing was written");
        LineageApi.integration().get(api.admin("/credentials?agentId=" + agent)).then().statusCode(200)
                .body("size()", equalTo(1));

        for (String path : List.of("/admin/v1/credentials/status", api.admin("/credentials/status"))) {
            LineageApi.integration().body(Map.of("credentials", List.of(Map.of("audience", "https://api.example.com",
                            "externalId", "inert-key")))).post(path).then().statusCode(200)
                    .body("credentials[0].found", equalTo(true))
                    .body("credentials[0].active", equalTo(false))
                    .body("credentials[0].reason", equalTo("directory_disabled"));
        }

        given().auth().oauth2(AdminTokens.operator()).post("/admin/v1/directories/{id}/enable", api.dir().id())
                .then().statusCode(200).body("disabledAt", nullValue());
        LineageApi.integration().body(Map.of("credentials", List.of(Map.of("audience", "https://api.example.com",
                        "externalId", "inert-key")))).post("/admin/v1/credentials/status").then().statusCode(200)
                .body("credentials[0].active", equalTo(true)).body("credentials[0].reason", nullValue());
        api.delegateFromUser(user, other, List.of("read"));
        api.dir().scim().get(api.dir().path("/Users")).then().statusCode(200); // its tokens work again

        List<String> actions = new ArrayList<>();
        given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/directories/{id}/audit?count=1000", api.dir().id())
                .then().statusCode(200).extract().jsonPath().getList("records.record.action", String.class)
                .forEach(actions::add);
        assertTrue(actions.contains("directory.disable") && actions.contains("directory.enable"), actions.toString());
    }

    @Test
    void enablingNeedsTheOperatorRoleAndAnExistingDirectory() {
        LineageApi api = LineageApi.create("inert-roles");
        LineageApi.integration().post("/admin/v1/directories/{id}/enable", api.dir().id()).then().statusCode(403);
        given().auth().oauth2(AdminTokens.operator()).post("/admin/v1/directories/{id}/enable",
                "6f1c8c2e-0000-4000-8000-000000000000").then().statusCode(404);
    }

    private static long count(LineageApi api, String path) {
        return LineageApi.integration().get(api.admin(path)).then().statusCode(200).extract().jsonPath()
                .getList("").size();
    }
}
