package dev.tether.reviews;

import dev.tether.platform.Cause;

/** A campaign opened or closed (its due date came), fired inside the transaction that did it. */
public record CampaignChanged(Kind kind, Campaign campaign, Cause cause) {

    public enum Kind {
        OPENED, CLOSED
    }
}
