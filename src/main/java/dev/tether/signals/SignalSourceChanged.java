package dev.tether.signals;

import dev.tether.platform.Cause;

/** Fired inside the transaction that created, paused, resumed or deleted a signal source, for the audit trail. */
public record SignalSourceChanged(SignalSource source, Kind kind, Cause cause) {

    public enum Kind {
        CREATED, PAUSED, RESUMED, DELETED
    }
}
