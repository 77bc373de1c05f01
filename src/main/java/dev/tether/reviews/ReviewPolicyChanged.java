package dev.tether.reviews;

import dev.tether.platform.Cause;

/** A directory's review policy set, fired inside the transaction that set it. */
public record ReviewPolicyChanged(ReviewPolicy policy, Cause cause) {
}
