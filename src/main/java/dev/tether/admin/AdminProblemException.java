package dev.tether.admin;

import jakarta.ws.rs.core.Response;
import java.util.List;

/** Ends an admin request with a problem detail. */
public class AdminProblemException extends RuntimeException {

    public final Problem problem;

    public AdminProblemException(Response.Status status, String detail) {
        super(detail);
        this.problem = Problem.of(status, detail);
    }

    private AdminProblemException(Response.Status status, String detail, Problem.Fault fault) {
        super(detail);
        this.problem = Problem.of(status, detail, List.of(fault));
    }

    public static AdminProblemException notFound(String detail) {
        return new AdminProblemException(Response.Status.NOT_FOUND, detail);
    }

    public static AdminProblemException badRequest(String detail) {
        return new AdminProblemException(Response.Status.BAD_REQUEST, detail);
    }

    /** A 400 for one place in the body, {@code pointer} a JSON Pointer ("/url", "/eventTypes/2"). */
    public static AdminProblemException badField(String pointer, String detail) {
        return new AdminProblemException(Response.Status.BAD_REQUEST, detail, Problem.Fault.at(pointer, detail));
    }

    /** A 400 for one query parameter. */
    public static AdminProblemException badParameter(String name, String detail) {
        return new AdminProblemException(Response.Status.BAD_REQUEST, detail, Problem.Fault.parameter(name, detail));
    }
}
