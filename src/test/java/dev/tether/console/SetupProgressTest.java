package dev.tether.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.directory.ConnectionHealth;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The setup page's verdict, from what the directory's connection did since setup began. */
class SetupProgressTest {

    private static final UUID DIR = UUID.randomUUID();
    private static final Instant SINCE = Instant.parse("2026-12-07T10:00:00Z");

    private static ConnectionHealth health(Instant read, Instant userWrite, Instant error, Integer status, String scimType,
            String detail) {
        return new ConnectionHealth(DIR, 3, error == null ? 0 : 1, SINCE.plusSeconds(90), "GET", "Users", 200, "Okta",
                read, userWrite, error, error == null ? null : "POST", error == null ? null : "Users", status, scimType,
                detail);
    }

    @Test
    void nothingSinceSetupBeganIsWaitingEvenIfTheDirectoryWasUsedBefore() {
        Instant before = SINCE.minusSeconds(3600);
        SetupProgress p = SetupProgress.of(health(before, before, before, 401, null, null), SINCE);
        assertEquals(SetupProgress.WAITING, p.state());
        assertNull(p.fix());
    }

    @Test
    void aReadIsATestedConnectionAndAUserWriteIsTheFirstUser() {
        assertEquals(SetupProgress.CONNECTED, SetupProgress.of(health(SINCE.plusSeconds(5), null, null, null, null, null),
                SINCE).state());
        SetupProgress user = SetupProgress.of(health(SINCE.plusSeconds(5), SINCE.plusSeconds(9), null, null, null, null), SINCE);
        assertEquals(SetupProgress.USER_SEEN, user.state());
        assertEquals(SINCE.plusSeconds(9), user.userSeenAt());
    }

    @Test
    void theLatestErrorSaysWhatToFixUntilASuccessFollowsIt() {
        SetupProgress wrongToken = SetupProgress.of(health(null, null, SINCE.plusSeconds(3), 401, null, null), SINCE);
        assertEquals(SetupProgress.ERROR, wrongToken.state());
        assertTrue(wrongToken.fix().contains("token"), wrongToken.fix());

        SetupProgress duplicate = SetupProgress.of(health(SINCE.plusSeconds(1), null, SINCE.plusSeconds(3), 409, "uniqueness",
                "userName ada@example.com is taken"), SINCE);
        assertEquals(SetupProgress.ERROR, duplicate.state());
        assertTrue(duplicate.fix().contains("userName ada@example.com is taken"), duplicate.fix());

        SetupProgress fixed = SetupProgress.of(health(SINCE.plusSeconds(1), SINCE.plusSeconds(8), SINCE.plusSeconds(3), 400,
                "invalidValue", "bad"), SINCE);
        assertEquals(SetupProgress.USER_SEEN, fixed.state());
    }
}
