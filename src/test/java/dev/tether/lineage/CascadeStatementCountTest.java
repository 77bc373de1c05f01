package dev.tether.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The cascade's round trips do not grow with fan-out: the statements it issues are counted at
 * its JDBC connection (CountingConnection) and published with CascadeCompleted.
 */
@QuarkusTest
class CascadeStatementCountTest {

    @Inject
    DataSource dataSource;

    @Inject
    RevocationRecorder recorder;

    CascadeCompleted leaverWithFanOut(int agents) throws Exception {
        LineageApi api = LineageApi.create("fan-out-" + agents);
        String user = api.user("wide");
        FanOut.build(dataSource, UUID.fromString(api.dir().id()), UUID.fromString(user), agents, 1);
        api.dir().scim().body(LineageApi.patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}"))
                .patch(api.dir().path("/Users/" + user)).then().statusCode(200);
        UUID dir = UUID.fromString(api.dir().id());
        return recorder.cascades().stream().filter(c -> c.directoryId().equals(dir)).findFirst().orElseThrow();
    }

    @Test
    void statementsDoNotGrowWithFanOut() throws Exception {
        CascadeCompleted one = leaverWithFanOut(1);
        CascadeCompleted thousand = leaverWithFanOut(1000);
        assertEquals(1, one.credentialsRevoked());
        assertEquals(1000, thousand.credentialsRevoked());
        assertEquals(1000, thousand.delegationsRevoked());
        assertEquals(1000, thousand.agentsSuspended());
        assertEquals(2, one.statements());
        assertEquals(one.statements(), thousand.statements());
    }

    @Test
    void aLeaverWhoDelegatedNothingCostsOneStatement() throws Exception {
        CascadeCompleted none = leaverWithFanOut(0);
        assertEquals(0, none.delegationsRevoked());
        assertEquals(0, none.credentialsRevoked());
        assertEquals(0, none.agentsSuspended());
        assertEquals(1, none.statements());
    }
}
