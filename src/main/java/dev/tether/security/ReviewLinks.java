package dev.tether.security;

import dev.tether.platform.Cause;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Review links: {@link TimeLimitedLinks} of kind REVIEW, scoped to one campaign and one reviewer
 * (a user of the campaign's directory). The reviewer and directory are kept in the link's
 * details, so the link's audit records (made, used, revoked) name them, and the page it opens
 * shows that reviewer's items of that campaign and nothing else. Whether the user reviews
 * anything in the campaign is the caller's check, made before issuing.
 */
@ApplicationScoped
public class ReviewLinks {

    /** The details a review link carries. */
    public static final String REVIEWER = "reviewer";
    public static final String DIRECTORY = "directory";

    @Inject
    TimeLimitedLinks links;

    /** A review link as stored, with the reviewer and directory it is for. */
    public record Made(TimeLimitedLink link, UUID directoryId, UUID reviewer) {
    }

    /** A review link just made: its token is shown only now. */
    public record Issued(Made made, String token) {
    }

    public Issued issue(UUID directoryId, UUID campaignId, UUID reviewer, Duration lifetime, Cause cause) {
        TimeLimitedLinks.IssuedLink issued = links.issue(LinkKind.REVIEW, campaignId, lifetime,
                Map.of(REVIEWER, reviewer.toString(), DIRECTORY, directoryId.toString()), cause);
        return new Issued(new Made(issued.link(), directoryId, reviewer), issued.token());
    }

    /** The campaign's review links, newest first. */
    public List<Made> of(UUID campaignId) {
        return links.of(LinkKind.REVIEW, campaignId).stream().map(this::made).flatMap(Optional::stream).toList();
    }

    /** The reviewer and directory of a review link; empty for a link of another kind. */
    public Optional<Made> made(TimeLimitedLink link) {
        if (link.kind() != LinkKind.REVIEW) {
            return Optional.empty();
        }
        String reviewer = links.detail(link.id(), REVIEWER);
        String directory = links.detail(link.id(), DIRECTORY);
        if (reviewer == null || directory == null) {
            return Optional.empty();
        }
        return Optional.of(new Made(link, UUID.fromString(directory), UUID.fromString(reviewer)));
    }
}
