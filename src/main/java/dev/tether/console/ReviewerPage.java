package dev.tether.console;

import io.quarkus.qute.TemplateData;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a reviewer's page shows ({@code /review/{linkId}}): the campaign, who they are, when
 * their answers are due and what happens without one, and their items only.
 */
@TemplateData
public record ReviewerPage(UUID linkId, String campaign, String reviewer, Instant dueAt, String onNoAnswer,
        long decided, long total, List<ReviewCard> items, String csrf, String notice, String error) {
}
