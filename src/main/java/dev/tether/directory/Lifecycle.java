package dev.tether.directory;

/**
 * What a write meant for a person's access (the joiner-mover-leaver model). Later features
 * (the delegation cascade, events, audit) act on this classification.
 */
public enum Lifecycle {
    /** A user was created. */
    JOINER,
    /** A user's attributes or group memberships changed while they stayed active. */
    MOVER,
    /** A user went from active to inactive, or was deleted. */
    LEAVER,
    /** A user went from inactive back to active. Revoked grants stay revoked. */
    REJOINER,
    /** A write that changed nothing about the user. */
    UNCHANGED
}
