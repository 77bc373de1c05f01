package dev.tether.directory;

/** The client's If-Match version is not the stored version. */
public class PreconditionFailedException extends RuntimeException {
    public PreconditionFailedException() {
        super("version mismatch");
    }
}
