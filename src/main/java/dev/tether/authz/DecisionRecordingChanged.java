package dev.tether.authz;

import dev.tether.platform.Cause;
import java.util.UUID;

/** A directory's decision recording was set (off, denies, all); fired inside the transaction that set it. */
public record DecisionRecordingChanged(UUID directoryId, String mode, Cause cause) {
}
