package dev.tether.admin;

import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What is wrong with an admin request body, each fault at its place. A request record checks
 * itself at the top of its resource method; the answer is one 400 naming every fault, the same
 * answer Bean Validation used to give, without building a validator at every start.
 */
public final class BodyFaults {

    /** A request body that can say what is wrong with itself. */
    public interface Checked {
        void check(BodyFaults faults);
    }

    /** The faults of one body, thrown once it has been checked; answered by {@link AdminErrorMapping}. */
    public static final class InvalidBody extends RuntimeException {

        final transient List<Fault> faults;

        InvalidBody(List<Fault> faults) {
            super(faults.get(0).message(), null, false, false);
            this.faults = List.copyOf(faults);
        }

        /** Every message once, in field order; one fault per place and message, by place. */
        public Problem problem() {
            String detail = faults.stream()
                    .sorted(Comparator.comparing(Fault::path))
                    .map(Fault::message)
                    .distinct()
                    .collect(Collectors.joining("; "));
            List<Problem.Fault> errors = faults.stream()
                    .map(f -> Problem.Fault.at(f.pointer(), f.message()))
                    .distinct()
                    .sorted(Comparator.comparing(Problem.Fault::pointer).thenComparing(Problem.Fault::detail))
                    .toList();
            return Problem.of(Response.Status.BAD_REQUEST, detail, errors);
        }
    }

    /**
     * {@code path} orders the detail as the validator did ({@code credentials[0].audience});
     * {@code pointer} is the JSON Pointer the client sees.
     */
    record Fault(String path, String pointer, String message) {
    }

    private final List<Fault> found;
    private final String path;
    private final String pointer;
    private final String name;

    private BodyFaults(List<Fault> found, String path, String pointer, String name) {
        this.found = found;
        this.path = path;
        this.pointer = pointer;
        this.name = name;
    }

    /** A body the method needs: none at all is one fault at the whole body; one that checks itself is checked. */
    public static void require(Object body, String missing) {
        if (body == null) {
            throw new InvalidBody(List.of(new Fault("", "", missing)));
        }
        if (body instanceof Checked checked) {
            check(checked);
        }
    }

    /** A body the method can do without: checked only when there is one. */
    public static void ifPresent(Checked body) {
        if (body != null) {
            check(body);
        }
    }

    private static void check(Checked body) {
        BodyFaults faults = new BodyFaults(new ArrayList<>(), "", "", "");
        body.check(faults);
        if (!faults.found.isEmpty()) {
            throw new InvalidBody(faults.found);
        }
    }

    /** A fault at {@code field}; a message that does not name its field is given the field's name. */
    public BodyFaults add(String field, String message) {
        found.add(new Fault(path + field, pointer + "/" + Problem.token(field), named(name + field, message)));
        return this;
    }

    public BodyFaults required(String field, Object value, String message) {
        return value == null ? add(field, message) : this;
    }

    /** Absent, empty or only whitespace ({@link String#isBlank()}). */
    public BodyFaults notBlank(String field, String value, String message) {
        return value == null || value.isBlank() ? add(field, message) : this;
    }

    public BodyFaults atMost(String field, String value, int maxLength, String message) {
        return value != null && value.length() > maxLength ? add(field, message) : this;
    }

    public BodyFaults atMost(String field, Collection<?> value, int maxSize, String message) {
        return value != null && value.size() > maxSize ? add(field, message) : this;
    }

    /** May be absent, but not empty. */
    public BodyFaults notEmpty(String field, Collection<?> value, String message) {
        return value != null && value.isEmpty() ? add(field, message) : this;
    }

    public BodyFaults oneOf(String field, String value, Set<String> allowed, String message) {
        return value != null && !allowed.contains(value) ? add(field, message) : this;
    }

    public BodyFaults inFuture(String field, Instant value, Instant now, String message) {
        return value != null && !value.isAfter(now) ? add(field, message) : this;
    }

    public BodyFaults notNegative(String field, Long value, String message) {
        return value != null && value < 0 ? add(field, message) : this;
    }

    /**
     * Each element of the list {@code field}: a missing one is a fault at its index
     * ({@code /credentials/0}), one present checks itself at its index ({@code /credentials/0/audience}).
     */
    public <T extends Checked> BodyFaults each(String field, List<T> elements, String missing) {
        if (elements == null) {
            return this;
        }
        for (int i = 0; i < elements.size(); i++) {
            String at = path + field + "[" + i + "].";
            String pointed = pointer + "/" + Problem.token(field) + "/" + i;
            T element = elements.get(i);
            if (element == null) {
                found.add(new Fault(at + "<list element>", pointed, named(name + field, missing)));
            } else {
                element.check(new BodyFaults(found, at, pointed, name + field + "."));
            }
        }
        return this;
    }

    private static String named(String field, String message) {
        return message.contains("\"") ? message : "\"" + field + "\" " + message;
    }
}
