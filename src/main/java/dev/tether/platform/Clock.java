package dev.tether.platform;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Tether's one clock. Times are cut to microseconds, PostgreSQL's precision, so a timestamp a
 * write returns equals the one read back later. Injected, never read in a static initialiser.
 */
@ApplicationScoped
public class Clock {

    public OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    public Instant instant() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
