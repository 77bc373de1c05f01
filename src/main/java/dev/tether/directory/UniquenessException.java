package dev.tether.directory;

/** A write would break a uniqueness rule (userName per directory). */
public class UniquenessException extends RuntimeException {
    public UniquenessException(String detail) {
        super(detail);
    }
}
