package dev.tether.events;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When the next attempt of a failed delivery happens. The schedule lists the wait before each
 * attempt (the first is normally 0: immediately); when every attempt has been made the
 * delivery is dead, and only a replay sends it again.
 */
public record RetrySchedule(List<Duration> waits, double jitter, Duration maxRetryAfter) {

    /**
     * @param attemptsMade attempts made so far, the failed one included
     * @param retryAfter   what the receiver asked for (429/502/504), or null
     * @return the wait before the next attempt, or empty when the delivery is dead
     */
    public Optional<Duration> next(int attemptsMade, Duration retryAfter) {
        if (attemptsMade >= waits.size()) {
            return Optional.empty();
        }
        if (retryAfter != null) {
            return Optional.of(retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter
                    : retryAfter.isNegative() ? Duration.ZERO : retryAfter);
        }
        Duration wait = waits.get(attemptsMade);
        long millis = wait.toMillis();
        long spread = (long) (millis * jitter);
        long jittered = spread <= 0 ? millis : millis + ThreadLocalRandom.current().nextLong(-spread, spread + 1);
        return Optional.of(Duration.ofMillis(Math.max(0, jittered)));
    }
}
