package dev.tether.directory;

import java.util.UUID;

/** The resource does not exist in the caller's directory (whether or not it exists elsewhere). */
public class NotFoundInDirectoryException extends RuntimeException {
    private final String resourceType;
    private final UUID id;

    public NotFoundInDirectoryException(String resourceType, UUID id) {
        super(resourceType + " " + id + " not found");
        this.resourceType = resourceType;
        this.id = id;
    }

    public String resourceType() {
        return resourceType;
    }

    public UUID id() {
        return id;
    }
}
