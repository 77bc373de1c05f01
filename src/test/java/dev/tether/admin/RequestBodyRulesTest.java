package dev.tether.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The rules of the request bodies no other test breaks: every fault named at once, before the object is looked up. */
@QuarkusTest
class RequestBodyRulesTest {

    static final String NO_SUCH = "00000000-0000-0000-0000-000000000001";
    static final String TOO_LONG = "\"description\" is longer than 500 characters";

    static RequestSpecification operator() {
        return given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON);
    }

    static ValidatableResponse faults(Response r, String detail, List<String> pointers) {
        return r.then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("status", equalTo(400))
                .body("detail", equalTo(detail)).body("errors.pointer", equalTo(pointers));
    }

    @Test
    void aSubscriptionNamesEveryFaultInFieldOrder() {
        faults(operator().body("{\"url\":\" \",\"format\":\"x\",\"eventTypes\":[],\"directoryIds\":[],\"description\":\""
                        + "d".repeat(501) + "\",\"audiences\":[]}").post("/admin/v1/subscriptions"),
                "\"audiences\" may be omitted (every event) or null but not empty; " + TOO_LONG
                        + "; \"directoryIds\" may be omitted (every directory) but not empty"
                        + "; \"eventTypes\" may be omitted (every type) but not empty"
                        + "; \"format\" must be \"standard-webhooks\" or \"ssf\"; \"url\" is required",
                List.of("/audiences", "/description", "/directoryIds", "/eventTypes", "/format", "/url"));
        faults(operator().body("").post("/admin/v1/subscriptions"),
                "a JSON body with \"url\" and \"format\" is required", List.of(""));
        faults(operator().body("{\"status\":\"active \",\"description\":\"" + "d".repeat(501) + "\"}")
                        .patch("/admin/v1/subscriptions/" + NO_SUCH),
                TOO_LONG + "; \"status\" must be \"active\" or \"paused\"", List.of("/description", "/status"));
        faults(operator().body("{\"since\":\"\\u2003\"}").post("/admin/v1/subscriptions/" + NO_SUCH + "/replay"),
                "\"since\" (a feed cursor or a time) is required", List.of("/since"));
        // the body is optional here: without one, the subscription is looked up
        operator().post("/admin/v1/subscriptions/" + NO_SUCH + "/rotate-secret").then().statusCode(404);
    }

    @Test
    void aMissingCredentialIsPointedAtByItsIndex() {
        String needs = "every credential needs \"audience\" and \"externalId\"";
        faults(operator().body("{\"credentials\":[null,{\"audience\":\"a\"}]}").post("/admin/v1/credentials/status"),
                needs, List.of("/credentials/0", "/credentials/1/externalId"))
                .body("errors.detail", everyItem(equalTo(needs)));
        faults(operator().body("{\"credentials\":[{}]}").post("/admin/v1/directories/" + NO_SUCH + "/credentials/status"),
                needs, List.of("/credentials/0/audience", "/credentials/0/externalId"));
    }

    @Test
    void directorySettingsBodiesAreCheckedBeforeTheDirectoryIsLookedUp() {
        String dir = "/admin/v1/directories/" + NO_SUCH;
        String ids = IntStream.rangeClosed(0, 100).mapToObj(i -> "\"r" + i + "\"").collect(Collectors.joining(","));
        faults(operator().body("{\"disabled\":[" + ids + "]}").put(dir + "/dialect-rules"),
                "\"disabled\" lists more than 100 ids", List.of("/disabled"));
        faults(operator().body("{}").put(dir + "/dialect-rules"),
                "\"disabled\" is required: a list of rule ids, [] for all rules on", List.of("/disabled"));
        faults(operator().body("{\"schemas\":[]}").post(dir + "/schemas"),
                "\"attributes\" is required: the attribute definitions; \"id\" is required: the schema URN"
                        + "; \"resourceType\" is required: User, Group or Agent",
                List.of("/attributes", "/id", "/resourceType"));
        faults(operator().body("{}").put(dir + "/unknown-attributes"),
                "\"policy\" is required: \"reject\" or \"ignore\"", List.of("/policy"));
        faults(operator().body("{}").put(dir + "/authzen"),
                "\"recordDecisions\" must be off, denies or all", List.of("/recordDecisions"));
        faults(operator().body("{\"description\":\"" + "d".repeat(501) + "\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}")
                        .post(dir + "/tokens"),
                TOO_LONG + "; \"expiresAt\" must be in the future", List.of("/description", "/expiresAt"));
        faults(operator().body("null").patch(dir), "\"name\" is required", List.of(""));
    }
}
