package dev.tether.admin;

import jakarta.ws.rs.core.Response;

/** Ends an admin request with a problem detail. */
public class AdminProblemException extends RuntimeException {

    public final Problem problem;

    public AdminProblemException(Response.Status status, String detail) {
        super(detail);
        this.problem = Problem.of(status, detail);
    }

    public static AdminProblemException notFound(String detail) {
        return new AdminProblemException(Response.Status.NOT_FOUND, detail);
    }

    public static AdminProblemException badRequest(String detail) {
        return new AdminProblemException(Response.Status.BAD_REQUEST, detail);
    }
}
