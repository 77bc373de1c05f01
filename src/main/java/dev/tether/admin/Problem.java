package dev.tether.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every admin API error. {@code errors} (an extension
 * member, RFC 9457 §3.2) says where each fault is: a JSON Pointer (RFC 6901) into the request
 * body, or the name of a query parameter. It is left out when the fault is nowhere in particular.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<Fault> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /**
     * One fault: {@code pointer} for a place in the body ({@code ""} is the whole body,
     * {@code "/credentials/0/audience"} a field inside it) or {@code parameter} for a query
     * parameter; never both.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Fault(String pointer, String parameter, String detail) {

        public static Fault at(String pointer, String detail) {
            return new Fault(pointer, null, detail);
        }

        public static Fault parameter(String name, String detail) {
            return new Fault(null, name, detail);
        }
    }

    public static Problem of(Response.Status status, String detail) {
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, List.of());
    }

    public static Problem of(Response.Status status, String detail, List<Fault> errors) {
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, List.copyOf(errors));
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }

    /** A JSON Pointer reference token: {@code ~} and {@code /} escaped as RFC 6901 §3 says. */
    static String token(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
