package dev.tether.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.platform.WebhooksConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Plain JUnit: the retry schedule, Retry-After parsing, and which targets are refused. */
class DeliveryRulesTest {

    static final List<Duration> STANDARD = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24));

    @Test
    void scheduleWaitsWithJitterThenDies() {
        RetrySchedule schedule = new RetrySchedule(STANDARD, 0.1, Duration.ofHours(24));
        for (int made = 1; made < STANDARD.size(); made++) {
            long wait = schedule.next(made, null).orElseThrow().toMillis();
            long nominal = STANDARD.get(made).toMillis();
            assertTrue(wait >= nominal * 0.9 && wait <= nominal * 1.1, "attempt " + made + ": " + wait);
        }
        assertEquals(Optional.empty(), schedule.next(STANDARD.size(), null), "dead after the last attempt");
        assertEquals(Duration.ofSeconds(120), schedule.next(1, Duration.ofSeconds(120)).orElseThrow());
        assertEquals(Duration.ofHours(24), schedule.next(1, Duration.ofDays(9)).orElseThrow(), "capped");
    }

    @Test
    void parsesRetryAfterAsSecondsOrDate() {
        assertEquals(Duration.ofSeconds(7), DeliverySender.retryAfter("7"));
        assertNull(DeliverySender.retryAfter("soon"));
        assertEquals(Duration.ZERO, DeliverySender.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
    }

    @Test
    void refusesInternalTargetsUnlessAllowed() throws Exception {
        DeliveryTargetPolicy strict = new DeliveryTargetPolicy(config(false));
        for (String url : List.of("http://127.0.0.1/x", "http://localhost:8080/x", "http://10.1.2.3/x",
                "http://192.168.0.1/x", "http://172.16.5.4/x", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/x", "http://[fd00::1]/x", "http://100.64.0.1/x", "http://0.0.0.0/x")) {
            assertNotNull(strict.refusal(url), url);
        }
        assertNotNull(strict.refusal("file:///etc/passwd"));
        assertNotNull(strict.refusal("https://user:pw@example.com/x"));
        assertFalse(DeliveryTargetPolicy.isInternal(InetAddress.getByName("93.184.216.34")));
        assertNull(new DeliveryTargetPolicy(config(true)).refusal("http://127.0.0.1:9/x"));
    }

    static WebhooksConfig config(boolean allowPrivate) {
        return (WebhooksConfig) java.lang.reflect.Proxy.newProxyInstance(DeliveryRulesTest.class.getClassLoader(),
                new Class<?>[] {WebhooksConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("allowPrivateTargets")) {
                        return allowPrivate;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
