package dev.tether.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of recertification campaigns. */
@ConfigMapping(prefix = "tether.reviews")
public interface ReviewsConfig {

    /**
     * How long an approval holds when the directory's review policy names no interval for the
     * delegation: its next reviewBy is this long after the approval.
     */
    @WithDefault("90d")
    Duration approvalInterval();

    /** How long before a campaign's dueAt its unanswered items get one review.reminder. */
    @WithDefault("2d")
    Duration reminderBefore();

    /**
     * Period of the campaign job (reminders, and the no-answer rule at dueAt), read by the
     * scheduler as {@code ${tether.reviews.job-period}}.
     */
    @WithDefault("30s")
    Duration jobPeriod();
}
