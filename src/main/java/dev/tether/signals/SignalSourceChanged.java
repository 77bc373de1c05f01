package dev.tether.signals;

import dev.tether.platform.Cause;

/**
 * Fired inside the transaction that changed a signal source, for the audit trail: created,
 * paused, resumed, deleted, its subject match or actions edited ({@code previous} is the source
 * before), a verification event requested of its transmitter, or the stream's status as the
 * transmitter reports it changed.
 */
public record SignalSourceChanged(SignalSource source, Kind kind, Cause cause, SignalSource previous) {

    public enum Kind {
        CREATED, PAUSED, RESUMED, DELETED, UPDATED, VERIFICATION_REQUESTED, STREAM_STATUS
    }

    public SignalSourceChanged(SignalSource source, Kind kind, Cause cause) {
        this(source, kind, cause, null);
    }
}
