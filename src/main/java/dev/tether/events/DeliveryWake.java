package dev.tether.events;

/**
 * Tells the delivery worker there may be deliveries due: an outbox write committed here, another
 * replica's NOTIFY arrived, a sweep ticked, an operator resumed or replayed. Cheap; many calls
 * collapse into one look. Whoever writes work depends on this, not on the worker's classes.
 */
public interface DeliveryWake {

    /** Asks the worker to look for due deliveries now. */
    void wake();
}
