package dev.tether.lineage;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Run by hand (bench/leaver-fanout.sh), never in CI: its name matches none of Surefire's
 * include patterns. A leaver with 1 000 agents × 10 credentials, timed as the whole SCIM PATCH
 * round trip that revokes all 10 000 in one transaction; prints each run and the median of 3.
 */
@QuarkusTest
class LeaverFanOutBench {

    @Inject
    DataSource dataSource;

    @Inject
    RevocationRecorder recorder;

    @Test
    void leaverWithTenThousandCredentials() throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            LineageApi api = LineageApi.create("bench-" + run);
            String user = api.user("wide");
            FanOut.build(dataSource, UUID.fromString(api.dir().id()), UUID.fromString(user), 1000, 10);
            long start = System.nanoTime();
            api.dir().scim().body(LineageApi.patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}"))
                    .patch(api.dir().path("/Users/" + user)).then().statusCode(200);
            long ms = (System.nanoTime() - start) / 1_000_000;
            UUID dir = UUID.fromString(api.dir().id());
            CascadeCompleted done = recorder.cascades().stream().filter(c -> c.directoryId().equals(dir)).findFirst()
                    .orElseThrow();
            if (done.credentialsRevoked() != 10_000) {
                throw new AssertionError("revoked " + done.credentialsRevoked() + " credentials, not 10000");
            }
            millis.add(ms);
            System.out.printf("BENCH run %d: %d ms, %d statements, %d delegations, %d credentials, %d agents%n", run + 1,
                    ms, done.statements(), done.delegationsRevoked(), done.credentialsRevoked(), done.agentsSuspended());
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("BENCH leaver 1000 agents x 10 credentials: median %d ms of %s%n", sorted.get(1), millis);
    }
}
