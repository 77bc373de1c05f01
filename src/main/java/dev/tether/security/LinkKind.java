package dev.tether.security;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a time-limited link opens. A sign-in link makes one operator session and is spent; the
 * others open a page about their one object for the browser that first opened them, until they
 * expire or are revoked.
 */
public enum LinkKind {
    /** The quick start's one-time console sign-in; no object. */
    SIGN_IN("sign-in", null, true),
    /** A customer's IT admin setting up one directory. */
    SETUP("setup", "Directory", false),
    /** A downstream app's owner managing one subscription. */
    PORTAL("portal", "Subscription", false),
    /** One reviewer of one recertification campaign (the reviewer is in the link's details). */
    REVIEW("review", "ReviewCampaign", false);

    /** The detail of a setup link naming the IdP its page opens with (entra, okta, …). */
    public static final String IDP_DETAIL = "idp";

    /** As stored and as shown in audit records. */
    public final String id;
    /** The audit target type of the object the link is scoped to; null when it has none. */
    public final String objectType;
    /** Spent at first use: a second opening, even from the same browser, is refused. */
    public final boolean singleUse;

    LinkKind(String id, String objectType, boolean singleUse) {
        this.id = id;
        this.objectType = objectType;
        this.singleUse = singleUse;
    }

    public static Optional<LinkKind> of(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }
}
