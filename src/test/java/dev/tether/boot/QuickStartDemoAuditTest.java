package dev.tether.boot;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.security.AdminRoles;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The quick start's demo directory and token are on its trail like an operator's, made by system/quick-start. */
@QuarkusTest
class QuickStartDemoAuditTest {

    @Inject
    QuickStartDemo quickStart;

    @Inject
    ObjectMapper mapper;

    @Test
    void demoDirectoryAndTokenAreAudited() throws Exception {
        QuickStartDemo.Demo demo = quickStart.createDemo();
        JsonNode records = mapper.readTree(given().auth().oauth2(AdminTokens.withGroups(AdminRoles.AUDITOR))
                .get("/admin/v1/directories/{d}/audit", demo.directory().id).then().statusCode(200).extract().asString())
                .get("records");
        List<String> actions = new ArrayList<>();
        records.forEach(line -> actions.add(line.at("/record/action").asText()));
        assertEquals(List.of("directory.create", "token.issue"), actions);
        for (JsonNode line : records) {
            assertEquals("system", line.at("/record/actor/type").asText());
            assertEquals("quick-start", line.at("/record/actor/id").asText());
        }
        assertEquals(demo.token().id().toString(), records.get(1).at("/record/target/id").asText());
        assertEquals(records.get(0).at("/record/cause").asText(), records.get(1).at("/record/cause").asText());
    }
}
