package dev.tether.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.platform.FailedAuthLimits;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token buckets of failed SCIM authentications, on a clock the test moves. */
class FailedAuthLimiterTest {

    static final long SECOND = 1_000_000_000L;
    final AtomicLong now = new AtomicLong(1_000 * SECOND);
    final UUID dir = UUID.randomUUID();

    FailedAuthLimiter limiter(int sourceBurst, double sourceRate, int dirBurst, double dirRate, int maxTracked) {
        return new FailedAuthLimiter(limits(sourceBurst, sourceRate, dirBurst, dirRate, maxTracked), now::get);
    }

    @Test
    void aSourceIsRefusedAfterItsBurstAndToldWhenToComeBack() {
        FailedAuthLimiter l = limiter(3, 0.5, 1000, 100, 100);
        for (int i = 0; i < 3; i++) {
            assertFalse(l.check("198.51.100.1", Optional.of(dir), Optional.of("tether_wrong")).refused(), "attempt " + i);
            l.failed("198.51.100.1", Optional.of(dir));
        }
        FailedAuthLimiter.Verdict refused = l.check("198.51.100.1", Optional.of(dir), Optional.of("tether_wrong"));
        assertTrue(refused.refused());
        assertEquals(2, refused.retryAfterSeconds(), "one unit comes back in 2 s at 0.5/s");
        assertFalse(l.check("198.51.100.2", Optional.of(dir), Optional.of("tether_wrong")).refused(),
                "another address is not affected");
        now.addAndGet(2 * SECOND);
        assertFalse(l.check("198.51.100.1", Optional.of(dir), Optional.of("tether_wrong")).refused(), "refilled");
    }

    @Test
    void aDirectoryIsClosedToUnknownTokensFromEveryAddressButNotToTokensThatWorked() {
        FailedAuthLimiter l = limiter(1000, 100, 5, 1, 100);
        l.succeeded(dir, "tether_good");
        for (int i = 0; i < 5; i++) {
            l.failed("203.0.113." + i, Optional.of(dir)); // a spread-out flood
        }
        assertTrue(l.check("192.0.2.99", Optional.of(dir), Optional.of("tether_other")).refused());
        assertFalse(l.check("192.0.2.99", Optional.of(dir), Optional.of("tether_good")).refused(),
                "the token that authenticated before still goes to the database");
        assertFalse(l.check("192.0.2.99", Optional.of(UUID.randomUUID()), Optional.of("tether_other")).refused(),
                "another directory is not affected");
    }

    @Test
    void aGoodTokenIsKnownOnlyForItsOwnDirectory() {
        FailedAuthLimiter l = limiter(1, 0.001, 1000, 100, 100);
        UUID other = UUID.randomUUID();
        l.succeeded(other, "tether_good");
        l.failed("198.51.100.7", Optional.of(dir));
        assertTrue(l.check("198.51.100.7", Optional.of(dir), Optional.of("tether_good")).refused(),
                "a token known for another directory opens nothing here");
    }

    @Test
    void bucketsAreBoundedAndOverflowIntoOneSharedBucket() {
        FailedAuthLimiter l = limiter(2, 0.001, 1_000_000, 100, 16);
        for (int i = 0; i < 10_000; i++) {
            l.failed("10.0." + (i / 256) + "." + (i % 256), Optional.empty());
        }
        // the first 16 addresses hold their own buckets; the rest share the overflow bucket, now empty
        assertTrue(l.check("172.16.9.9", Optional.empty(), Optional.empty()).refused(), "a new address shares the overflow");
    }

    @Test
    void fullBucketsAreForgotten() {
        FailedAuthLimiter l = limiter(2, 1, 1_000_000, 100, 16);
        for (int i = 0; i < 16; i++) {
            l.failed("10.1.0." + i, Optional.empty());
        }
        now.addAndGet(10 * SECOND); // all full again
        l.failed("10.2.0.1", Optional.empty());
        assertFalse(l.check("10.2.0.2", Optional.empty(), Optional.empty()).refused());
        l.failed("10.2.0.2", Optional.empty());
        assertFalse(l.check("10.2.0.2", Optional.empty(), Optional.empty()).refused(), "its own bucket, one unit left");
    }

    /** A proxy, not an anonymous class: Quarkus would take the validation annotations for interceptor bindings. */
    static FailedAuthLimits limits(int sourceBurst, double sourceRate, int dirBurst, double dirRate, int maxTracked) {
        Map<String, Object> values = Map.of("perSourceBurst", sourceBurst, "perSourcePerSecond", sourceRate,
                "perDirectoryBurst", dirBurst, "perDirectoryPerSecond", dirRate, "maxTracked", maxTracked);
        return (FailedAuthLimits) Proxy.newProxyInstance(FailedAuthLimiterTest.class.getClassLoader(),
                new Class<?>[] {FailedAuthLimits.class}, (proxy, method, args) -> values.get(method.getName()));
    }
}
