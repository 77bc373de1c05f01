package dev.tether.admin;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules request records check themselves with, and the one 400 problem their faults make. */
class BodyFaultsTest {

    record Handle(String audience, String externalId) implements BodyFaults.Checked {
        @Override
        public void check(BodyFaults faults) {
            faults.required("audience", audience, "needs an audience").required("externalId", externalId, "\"externalId\" is missing");
        }
    }

    record Batch(String zeta, String alpha, List<Handle> handles) implements BodyFaults.Checked {
        @Override
        public void check(BodyFaults faults) {
            faults.required("zeta", zeta, "\"zeta\" is required")
                    .notBlank("alpha", alpha, "\"alpha\" is required")
                    .each("handles", handles, "every handle needs both");
        }
    }

    static Problem problem(BodyFaults.Checked body) {
        return assertThrows(BodyFaults.InvalidBody.class, () -> BodyFaults.require(body, "unused")).problem();
    }

    static List<String> pointers(Problem p) {
        return p.errors().stream().map(Problem.Fault::pointer).toList();
    }

    @Test
    void theDetailIsInFieldOrderAndTheFaultsInPointerOrder() {
        Problem p = problem(new Batch(null, " ", null));
        assertEquals(400, p.status());
        assertEquals("Bad Request", p.title());
        assertEquals("\"alpha\" is required; \"zeta\" is required", p.detail());
        assertEquals(List.of("/alpha", "/zeta"), pointers(p));
    }

    @Test
    void listElementsArePointedAtByIndexAndEachMessageIsSaidOnce() {
        List<Handle> handles = new ArrayList<>(Arrays.asList(null, new Handle("a", null)));
        for (int i = 2; i <= 10; i++) {
            handles.add(new Handle("a", "e"));
        }
        handles.set(10, new Handle(null, null));
        Problem p = problem(new Batch("z", "a", handles));
        // pointers sort as text: /1/… before /10/…
        assertEquals(List.of("/handles/0", "/handles/1/externalId", "/handles/10/audience", "/handles/10/externalId"),
                pointers(p));
        // a message that does not name its field is given the field's (dotted) name
        assertEquals("\"handles\" every handle needs both", p.errors().get(0).detail());
        assertEquals("\"externalId\" is missing", p.errors().get(1).detail());
        assertEquals("\"handles.audience\" needs an audience", p.errors().get(2).detail());
        // the detail follows the fields' paths as the validator wrote them, where handles[10] sorts before handles[1]
        assertEquals("\"handles\" every handle needs both; \"handles.audience\" needs an audience; \"externalId\" is missing",
                p.detail());
    }

    @Test
    void aMissingBodyIsOneFaultAtTheWholeBody() {
        Problem p = assertThrows(BodyFaults.InvalidBody.class,
                () -> BodyFaults.require(null, "the request body must be a JSON object")).problem();
        assertEquals("the request body must be a JSON object", p.detail());
        assertEquals(List.of(Problem.Fault.at("", "the request body must be a JSON object")), p.errors());
        assertDoesNotThrow(() -> BodyFaults.ifPresent(null));
        assertDoesNotThrow(() -> BodyFaults.require("a body without rules", "unused"));
    }

    record Edges(String text, List<String> list, Instant at, Long seconds, Instant now) implements BodyFaults.Checked {
        @Override
        public void check(BodyFaults faults) {
            faults.notBlank("blank", text, "\"blank\"")
                    .atMost("long", text, 3, "\"long\"")
                    .atMost("many", list, 2, "\"many\"")
                    .notEmpty("empty", list, "\"empty\"")
                    .oneOf("other", text, Set.of("ab", "abc"), "\"other\"")
                    .inFuture("past", at, now, "\"past\"")
                    .notNegative("negative", seconds, "\"negative\"");
        }
    }

    static List<String> faults(Edges body) {
        try {
            BodyFaults.ifPresent(body);
            return List.of();
        } catch (BodyFaults.InvalidBody e) {
            return e.problem().errors().stream().map(Problem.Fault::detail).toList();
        }
    }

    @Test
    void eachRuleHasTheEdgeTheAnnotationHad() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        assertEquals(List.of(), faults(new Edges("abc", List.of("x", "y"), now.plusNanos(1), 0L, now)));
        assertEquals(List.of("\"blank\""), faults(new Edges(null, null, null, null, now)));
        assertEquals(List.of("\"blank\"", "\"other\""), faults(new Edges("\u2003", List.of("x"), null, null, now)));
        assertEquals(List.of("\"other\""), faults(new Edges("\u00a0", List.of("x"), null, null, now)));
        assertEquals(List.of("\"long\"", "\"other\""), faults(new Edges("abcd", List.of("x"), null, null, now)));
        assertEquals(List.of("\"many\""), faults(new Edges("ab", List.of("x", "y", "z"), null, null, now)));
        assertEquals(List.of("\"empty\""), faults(new Edges("ab", List.of(), null, null, now)));
        assertEquals(List.of("\"past\""), faults(new Edges("ab", null, now, null, now)));
        assertEquals(List.of("\"negative\""), faults(new Edges("ab", null, null, -1L, now)));
    }
}
