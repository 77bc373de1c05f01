package dev.tether.platform;

/**
 * The order in which the observers of one fact run inside its transaction ({@code @Priority} on
 * {@code @Observes}, lower first). The fact itself is recorded before anything it sets off, so a
 * leaver's {@code user.deactivated} precedes the revocations it causes, in the outbox and in the
 * audit trail alike.
 */
public final class ObserverOrder {

    /** The outbox records the fact as an event. */
    public static final int PUBLISH = 100;
    /** The audit trail records the fact. */
    public static final int AUDIT = 200;
    /** Feature rooms act on the fact (a leaver's cascade); what they cause is recorded in turn. */
    public static final int REACT = 1000;
    /** Metrics and logs about what happened. */
    public static final int OBSERVE = 2000;

    private ObserverOrder() {
    }
}
