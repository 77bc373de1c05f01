package dev.tether.directory;

/** A membership change names a member that is not in the directory, or the group itself. */
public class InvalidMemberException extends RuntimeException {
    public InvalidMemberException(String detail) {
        super(detail);
    }
}
