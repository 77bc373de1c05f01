package dev.tether.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * JsonbForm says, without asking, what PostgreSQL's jsonb hands back: for any object Jackson
 * parsed from a request, storing its text in jsonb and reading it back with Jackson gives the
 * same document, byte for byte once written, as JsonbForm gives in memory.
 */
class JsonbFormProperties {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static Connection connection;

    private static synchronized Connection connection() throws SQLException {
        if (connection == null) {
            connection = TestDatabase.postgres().getPostgresDatabase().getConnection();
        }
        return connection;
    }

    @AfterContainer
    static synchronized void close() throws SQLException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    /** The document as a jsonb column gives it back to Jdbc.readJson. */
    private static String throughJsonb(JsonNode node) throws Exception {
        try (PreparedStatement ps = connection().prepareStatement("SELECT ?::jsonb::text")) {
            ps.setString(1, MAPPER.writeValueAsString(node));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return MAPPER.writeValueAsString(Jdbc.readJson(MAPPER, rs.getString(1)));
            }
        }
    }

    private static void assertSameAsJsonb(String requestText) throws Exception {
        ObjectNode parsed = (ObjectNode) MAPPER.readTree(requestText);
        ObjectNode form = JsonbForm.of(parsed);
        assertEquals(throughJsonb(parsed), MAPPER.writeValueAsString(form), requestText);
        // what is in the form is recognised as such and kept, not copied again
        assertSame(form, JsonbForm.of(form), requestText);
    }

    @Example
    void numbersKeyOrderAndRepeatedNames() throws Exception {
        assertSameAsJsonb("""
                {"zeta": 1.0, "b": 10, "aa": 1e2, "big": 1e7, "huge": 1.0E20, "tiny": 1e-7, "negzero": -0.0,
                 "zero": -0, "exact": 1.50, "wide": 12345678901234567890123, "\u00e9": "\u00fcn\u00ef", "zz": "\u65e5\u672c",
                 "dup": 1, "dup": "last", "nested": {"y": [3.0, {"k2": 1, "k": 2.5e1}], "x": null}, "t": true,
                 "max": 1.7976931348623157E308, "min": 4.9E-324, "pi": 3.141592653589793, "e": 12345678.9}
                """);
    }

    @Example
    void whatIsAlreadyInJsonbFormIsKept() throws Exception {
        String stored = throughJsonb(MAPPER.readTree("{\"b\": [1, 2.5, {\"\u00e9\": 1, \"zz\": 2}], \"a\": 1e7}"));
        assertEquals(stored, MAPPER.writeValueAsString(JsonbForm.of((ObjectNode) MAPPER.readTree(stored))));
    }

    @Property(tries = 400)
    void anyParsedObjectIsWhatJsonbGivesBack(@ForAll("documents") String document) throws Exception {
        assertSameAsJsonb(document);
    }

    /** Number literals of every shape a client may send: signs, fractions, trailing zeros, exponents. */
    @Provide
    Arbitrary<String> numbers() {
        Arbitrary<String> digits = Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(20)
                .map(d -> d.length() > 1 ? d.replaceFirst("^0+(?=.)", "") : d);
        Arbitrary<String> fraction = Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(20)
                .map(f -> "." + f).injectNull(0.4).map(f -> f == null ? "" : f);
        Arbitrary<String> exponent = Arbitraries.integers().between(-330, 300).map(e -> "e" + e).injectNull(0.5)
                .map(e -> e == null ? "" : e);
        return Combinators.combine(Arbitraries.of("", "-"), digits, fraction, exponent)
                .as((sign, d, f, e) -> sign + d + f + e)
                .filter(n -> Double.isFinite(Double.parseDouble(n)));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withChars("abcAB_\u00e9\u00fc\u65e5\u20ac").ofMinLength(0).ofMaxLength(6)
                .map(n -> n.isEmpty() ? "" : n.replace("\u20ac", "\ud83d\ude00"));
    }

    @Provide
    Arbitrary<String> documents() {
        Arbitrary<String> leaves = Arbitraries.oneOf(numbers(), numbers(),
                names().map(s -> "\"" + s + "\""), Arbitraries.of("true", "false", "null"));
        Arbitrary<String> arrays = leaves.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> inner = Combinators.combine(names(), Arbitraries.oneOf(leaves, arrays))
                .as((n, v) -> "\"" + n + "\":" + v).list().ofMaxSize(4).map(JsonbFormProperties::object);
        Arbitrary<String> values = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, leaves),
                net.jqwik.api.Tuple.of(1, arrays), net.jqwik.api.Tuple.of(1, inner));
        // repeated names allowed, as the request parser allows them: the last one wins
        return Combinators.combine(names(), values).as((n, v) -> "\"" + n + "\":" + v).list().ofMaxSize(12)
                .map(JsonbFormProperties::object);
    }

    private static String object(List<String> members) {
        return "{" + String.join(",", members) + "}";
    }
}
