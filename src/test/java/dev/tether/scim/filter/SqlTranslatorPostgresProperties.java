package dev.tether.scim.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.directory.TableMappings;
import dev.tether.scim.schema.AttributePath;
import dev.tether.scim.schema.ResourceSchema;
import dev.tether.scim.schema.SchemaRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The in-memory evaluator and the SQL translation, run against a real PostgreSQL, select
 * exactly the same users for random filters, or both reject the filter.
 */
class SqlTranslatorPostgresProperties {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final ResourceSchema USER = SchemaRegistry.loadDefault(MAPPER).resourceSchema("User");
    static final String ENT = SchemaRegistry.ENTERPRISE_USER_URN;

    static final List<String> USER_NAMES = List.of("alice", "Alice", "ALICE.smith", "bob", "Bob.Jones", "carol",
            "dave@example.com", "Dave@Example.com", "erin", "zoë", "Émile", "a", "");
    static final List<String> EMAILS = List.of("alice@example.com", "Alice@Example.COM", "bob@x.org", "carol@x.org",
            "dave@example.com", "shared@corp.io", "SHARED@corp.io");
    static final List<String> WORDS = List.of("Sales", "sales", "Engineering", "eng", "Tour Operations", "", "x");
    static final List<String> TYPES = List.of("work", "home", "Work", "other");
    static final List<UUID> GROUP_IDS = List.of(UUID.fromString("11111111-1111-1111-1111-111111111111"),
            UUID.fromString("22222222-2222-2222-2222-222222222222"));
    static final List<String> GROUP_NAMES = List.of("Admins", "tour guides");
    static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");

    static final List<ObjectNode> RESOURCES = new ArrayList<>();
    static final List<UUID> IDS = new ArrayList<>();
    static EmbeddedPostgres postgres;
    static Connection db;

    final FilterEvaluator evaluator = new FilterEvaluator(USER);
    final SqlTranslator translator = new SqlTranslator(USER, TableMappings.users());

    @BeforeContainer
    static void startDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        db = postgres.getPostgresDatabase().getConnection();
        try (Statement s = db.createStatement()) {
            s.execute("""
                    CREATE TABLE users (id uuid PRIMARY KEY, user_name text NOT NULL, external_id text,
                      display_name text, active boolean, emails text[] NOT NULL DEFAULT '{}', doc jsonb NOT NULL,
                      created_at timestamptz NOT NULL, last_modified timestamptz NOT NULL);
                    CREATE INDEX users_user_name_lower ON users (lower(user_name));
                    CREATE INDEX users_emails ON users USING gin (emails);
                    CREATE TABLE groups (id uuid PRIMARY KEY, display_name text);
                    CREATE TABLE group_members (group_id uuid NOT NULL, member_id uuid NOT NULL, member_type text NOT NULL);
                    CREATE FUNCTION member_groups(uid uuid) RETURNS TABLE (group_id uuid, direct boolean)
                      LANGUAGE sql STABLE AS $$ SELECT gm.group_id, true FROM group_members gm WHERE gm.member_id = uid $$;
                    """);
        }
        try (PreparedStatement g = db.prepareStatement("INSERT INTO groups VALUES (?, ?)")) {
            for (int i = 0; i < GROUP_IDS.size(); i++) {
                g.setObject(1, GROUP_IDS.get(i));
                g.setString(2, GROUP_NAMES.get(i));
                g.executeUpdate();
            }
        }
        Random random = new Random(20240601);
        for (int i = 0; i < 60; i++) {
            insert(randomUser(random, i));
        }
    }

    @AfterContainer
    static void stopDatabase() throws Exception {
        db.close();
        postgres.close();
    }

    /** A user as clients see it; the stored doc is the same minus id, meta and groups. */
    static ObjectNode randomUser(Random r, int n) {
        UUID id = new UUID(0x1000L + n, r.nextLong());
        ObjectNode u = MAPPER.createObjectNode();
        u.putArray("schemas").add(SchemaRegistry.USER_URN);
        u.put("id", id.toString());
        u.put("userName", pick(r, USER_NAMES) + (r.nextInt(3) == 0 ? String.valueOf(n) : ""));
        if (r.nextBoolean()) {
            u.put("externalId", pick(r, List.of("E-1", "e-1", "E-2", "ext" + n)));
        }
        switch (r.nextInt(4)) {
            case 0 -> u.put("displayName", pick(r, WORDS));
            case 1 -> u.putNull("displayName");
            default -> u.put("displayName", pick(r, USER_NAMES).toUpperCase(Locale.ROOT) + " " + pick(r, WORDS));
        }
        switch (r.nextInt(3)) {
            case 0 -> u.put("active", true);
            case 1 -> u.put("active", false);
            default -> { }
        }
        if (r.nextBoolean()) {
            u.put("title", pick(r, WORDS));
        }
        if (r.nextInt(3) > 0) {
            ObjectNode name = u.putObject("name");
            if (r.nextBoolean()) {
                name.put("givenName", pick(r, USER_NAMES));
            }
            if (r.nextBoolean()) {
                name.put("familyName", pick(r, WORDS));
            }
        }
        int emails = r.nextInt(4);
        if (emails > 0 || r.nextBoolean()) {
            ArrayNode arr = u.putArray("emails");
            for (int e = 0; e < emails; e++) {
                ObjectNode em = arr.addObject();
                if (r.nextInt(6) > 0) {
                    em.put("value", pick(r, EMAILS));
                }
                if (r.nextBoolean()) {
                    em.put("type", pick(r, TYPES));
                }
                if (r.nextBoolean()) {
                    em.put("primary", r.nextBoolean());
                }
            }
        }
        if (r.nextBoolean()) {
            ObjectNode ext = u.putObject(ENT);
            if (r.nextBoolean()) {
                ext.put("employeeNumber", String.valueOf(100 + r.nextInt(30)));
            }
            if (r.nextBoolean()) {
                ext.put("department", pick(r, WORDS));
            }
            if (r.nextBoolean()) {
                ext.putObject("manager").put("value", "m" + r.nextInt(3));
            }
        }
        ArrayNode groups = MAPPER.createArrayNode();
        for (int g = 0; g < GROUP_IDS.size(); g++) {
            if (r.nextBoolean()) {
                groups.addObject().put("value", GROUP_IDS.get(g).toString()).put("display", GROUP_NAMES.get(g))
                        .put("type", "direct");
            }
        }
        if (!groups.isEmpty()) {
            u.set("groups", groups);
        }
        Instant created = BASE.plusSeconds(r.nextInt(100) * 3600L);
        Instant modified = created.plusSeconds(r.nextInt(100) * 60L + r.nextInt(1000) / 1000);
        ObjectNode meta = u.putObject("meta");
        meta.put("resourceType", "User");
        meta.put("created", created.toString());
        meta.put("lastModified", modified.toString());
        return u;
    }

    static void insert(ObjectNode user) throws Exception {
        ObjectNode doc = user.deepCopy();
        doc.remove(List.of("id", "meta", "groups"));
        UUID id = UUID.fromString(user.get("id").asText());
        List<String> lowerEmails = new ArrayList<>();
        user.path("emails").forEach(e -> {
            if (e.path("value").isTextual()) {
                lowerEmails.add(e.get("value").asText().toLowerCase(Locale.ROOT));
            }
        });
        try (PreparedStatement p = db.prepareStatement(
                "INSERT INTO users VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)")) {
            p.setObject(1, id);
            p.setString(2, user.get("userName").asText());
            p.setString(3, user.path("externalId").isTextual() ? user.get("externalId").asText() : null);
            p.setString(4, user.path("displayName").isTextual() ? user.get("displayName").asText() : null);
            p.setObject(5, user.path("active").isBoolean() ? user.get("active").asBoolean() : null);
            p.setArray(6, db.createArrayOf("text", lowerEmails.toArray()));
            p.setString(7, MAPPER.writeValueAsString(doc));
            p.setTimestamp(8, Timestamp.from(Instant.parse(user.at("/meta/created").asText())));
            p.setTimestamp(9, Timestamp.from(Instant.parse(user.at("/meta/lastModified").asText())));
            p.executeUpdate();
        }
        for (var g : user.path("groups")) {
            try (PreparedStatement p = db.prepareStatement("INSERT INTO group_members VALUES (?, ?, 'User')")) {
                p.setObject(1, UUID.fromString(g.get("value").asText()));
                p.setObject(2, id);
                p.executeUpdate();
            }
        }
        RESOURCES.add(user);
        IDS.add(id);
    }

    static <T> T pick(Random r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    @Property(tries = 200)
    void sqlSelectsWhatTheEvaluatorMatches(@ForAll("filters") Filter filter) throws Exception {
        assertSameSelection(filter);
    }

    @Example
    void handPickedFilters() throws Exception {
        for (String f : List.of(
                "userName eq \"ALICE\"",
                "emails[type eq \"work\"].value eq \"shared@corp.io\"",
                "emails[value eq \"SHARED@corp.io\"]",
                "emails.value eq \"bob@x.org\"",
                "emails ne \"bob@x.org\"",
                "id eq \"" + IDS.get(3) + "\"",
                "id eq \"" + IDS.get(3).toString().toUpperCase(Locale.ROOT) + "\"",
                "id eq \"not-a-uuid\"",
                "id sw \"00000000-0000-1\"",
                "meta.lastModified ge \"2024-01-02T00:00:00Z\"",
                "meta.resourceType eq \"user\"",
                "active ne true",
                "displayName eq null",
                "displayName pr",
                "name pr and not (name.givenName pr)",
                "groups[value eq \"" + GROUP_IDS.get(0) + "\" and type eq \"direct\"]",
                "groups.display co \"GUIDE\"",
                "groups pr",
                "employeeNumber gt \"110\"",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq \"m1\"",
                "userName gt \"Bob\" and userName lt \"d\"",
                "userName ew \"SMITH\" or displayName sw \"ALICE\"",
                "favouriteColour ne \"blue\"")) {
            assertSameSelection(FilterParser.parse(f));
        }
    }

    @Example
    void emailLookupsUseTheIndexedArray() {
        for (String f : List.of("emails.value eq \"x@y\"", "emails[type eq \"work\"].value eq \"x@y\"",
                "emails[value eq \"x@y\"]")) {
            SqlFragment sql = translator.translate(FilterParser.parse(f));
            assertTrue(sql.sql().startsWith("(u.emails @> ARRAY[lower(CAST(? AS text))]::text[] AND "), sql.sql());
            assertTrue(sql.params().contains("x@y"));
        }
        SqlFragment user = translator.translate(FilterParser.parse("userName eq \"Alice\""));
        assertEquals("(lower(u.user_name) = lower(CAST(? AS text)))", user.sql());
        assertEquals(List.of("Alice"), user.params());
        // under a not, the comparison is made two-valued
        SqlFragment negated = translator.translate(FilterParser.parse("not (userName eq \"Alice\")"));
        assertEquals("(NOT COALESCE(lower(u.user_name) = lower(CAST(? AS text)), FALSE))", negated.sql());
    }

    /** Entra's and Okta's lookup by userName is an index scan, not a read of the whole directory. */
    @Example
    void userNameLookupsUseTheExpressionIndex() throws Exception {
        for (String f : List.of("userName eq \"Alice\"", "userName eq \"Alice\" and active eq true",
                "not (displayName pr) and userName eq \"Alice\"")) {
            SqlFragment sql = translator.translate(FilterParser.parse(f));
            StringBuilder plan = new StringBuilder();
            boolean autoCommit = db.getAutoCommit();
            db.setAutoCommit(false);
            try (Statement s = db.createStatement()) {
                s.execute("SET LOCAL enable_seqscan = off");
                try (PreparedStatement p = db.prepareStatement("EXPLAIN SELECT u.id FROM users u WHERE " + sql.sql())) {
                    bind(p, sql.params());
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            plan.append(rs.getString(1)).append('\n');
                        }
                    }
                }
            } finally {
                db.rollback();
                db.setAutoCommit(autoCommit);
            }
            assertTrue(plan.toString().contains("users_user_name_lower"), f + "\n" + sql.sql() + "\n" + plan);
        }
    }

    @Example
    void orderByGivesUsableExpressions() throws Exception {
        for (String sortBy : List.of("userName", "externalId", "emails", "emails.type", "meta.created",
                "name.familyName", "active", "id", "groups.display", ENT + ":employeeNumber", "meta.resourceType")) {
            SqlFragment order = translator.orderBy(AttributePath.parse(sortBy));
            try (PreparedStatement p = db.prepareStatement("SELECT u.id FROM users u ORDER BY " + order.sql() + " DESC")) {
                bind(p, order.params());
                try (ResultSet rs = p.executeQuery()) {
                    int n = 0;
                    while (rs.next()) {
                        n++;
                    }
                    assertEquals(IDS.size(), n, sortBy);
                }
            }
        }
        SqlFragment userName = translator.orderBy(AttributePath.parse("userName"));
        assertEquals("(lower(u.user_name)) COLLATE \"C\"", userName.sql());
    }

    private void assertSameSelection(Filter filter) throws Exception {
        TreeSet<String> expected = new TreeSet<>();
        FilterException memoryError = null;
        try {
            for (ObjectNode r : RESOURCES) {
                if (evaluator.matches(filter, r)) {
                    expected.add(r.get("id").asText());
                }
            }
        } catch (FilterException e) {
            memoryError = e;
        }
        SqlFragment sql;
        try {
            sql = translator.translate(filter);
        } catch (FilterException e) {
            if (memoryError == null) {
                fail("SQL rejected what the evaluator accepted: " + filter + ": " + e.getMessage());
            }
            return;
        }
        if (memoryError != null) {
            fail("evaluator rejected what SQL accepted: " + filter + ": " + memoryError.getMessage());
        }
        TreeSet<String> actual = new TreeSet<>();
        try (PreparedStatement p = db.prepareStatement("SELECT u.id FROM users u WHERE " + sql.sql())) {
            bind(p, sql.params());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    actual.add(rs.getString(1));
                }
            }
        }
        assertEquals(expected, actual, () -> filter + "\n" + sql.sql() + "\n" + sql.params());
    }

    private static void bind(PreparedStatement p, List<Object> params) throws Exception {
        for (int i = 0; i < params.size(); i++) {
            p.setObject(i + 1, params.get(i));
        }
    }

    // ---- random filters over the User schema ----

    @Provide
    Arbitrary<Filter> filters() {
        return filter(3);
    }

    private Arbitrary<Filter> filter(int depth) {
        Arbitrary<Filter> leaf = Arbitraries.frequencyOf(
                Tuple.of(6, comparison()), Tuple.of(2, present()), Tuple.of(2, valuePath()));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Filter> sub = Arbitraries.lazy(() -> filter(depth - 1));
        return Arbitraries.frequencyOf(Tuple.of(5, leaf),
                Tuple.of(1, Combinators.combine(sub, sub).as(Filter.And::new)),
                Tuple.of(1, Combinators.combine(sub, sub).as(Filter.Or::new)),
                Tuple.of(1, sub.map(Filter.Not::new)));
    }

    private static final List<String> TEXT_PATHS = List.of("userName", "externalId", "displayName", "title",
            "name.givenName", "name.familyName", "emails", "emails.value", "emails.type", "employeeNumber",
            ENT + ":department", ENT + ":manager", ENT + ":manager.value", "id", "meta.resourceType",
            "groups.value", "groups.display", "groups.type", "nickName", "favouriteColour", "name.nope");
    private static final List<String> BOOL_PATHS = List.of("active", "emails.primary");
    private static final List<String> DATE_PATHS = List.of("meta.created", "meta.lastModified");

    private Arbitrary<Filter> comparison() {
        Arbitrary<Filter> text = Combinators.combine(Arbitraries.of(TEXT_PATHS), Arbitraries.of(CompareOp.class), textValue())
                .as((p, op, v) -> cmp(p, op, v));
        Arbitrary<Filter> bool = Combinators.combine(Arbitraries.of(BOOL_PATHS),
                        Arbitraries.of(CompareOp.EQ, CompareOp.NE, CompareOp.EQ, CompareOp.GT),
                        Arbitraries.of("true", "false", "\"True\"", "null"))
                .as((p, op, v) -> FilterParser.parse(p + " " + op.token() + " " + v));
        Arbitrary<Filter> date = Combinators.combine(Arbitraries.of(DATE_PATHS),
                        Arbitraries.of(CompareOp.EQ, CompareOp.NE, CompareOp.GT, CompareOp.GE, CompareOp.LT, CompareOp.LE),
                        Arbitraries.integers().between(0, 110 * 60).map(m -> BASE.plusSeconds(m * 60L).toString()))
                .as((p, op, v) -> cmp(p, op, "\"" + v + "\""));
        return Arbitraries.frequencyOf(Tuple.of(6, text), Tuple.of(2, bool), Tuple.of(2, date));
    }

    private static Filter cmp(String path, CompareOp op, String literal) {
        return FilterParser.parse(path + " " + op.token() + " " + literal);
    }

    private Arbitrary<String> textValue() {
        List<String> pool = new ArrayList<>();
        pool.addAll(USER_NAMES);
        pool.addAll(EMAILS);
        pool.addAll(WORDS);
        pool.addAll(TYPES);
        pool.addAll(List.of("E-1", "e-1", "m1", "11", "al", "SMITH", "@x.org", "o", "115", "User", "user",
                GROUP_IDS.get(1).toString(), GROUP_NAMES.get(1), "direct"));
        Arbitrary<String> quoted = Arbitraries.of(pool).map(s -> "\"" + s + "\"");
        return Arbitraries.frequencyOf(Tuple.of(10, quoted), Tuple.of(1, Arbitraries.just("null")),
                Tuple.of(1, Arbitraries.of("110", "true")));
    }

    private Arbitrary<Filter> present() {
        List<String> all = new ArrayList<>(TEXT_PATHS);
        all.addAll(BOOL_PATHS);
        all.addAll(DATE_PATHS);
        all.addAll(List.of("name", "emails", "groups", ENT + ":manager"));
        return Arbitraries.of(all).map(p -> FilterParser.parse(p + " pr"));
    }

    private Arbitrary<Filter> valuePath() {
        Arbitrary<String> emailInner = Arbitraries.of(
                "type eq \"work\"", "type eq \"WORK\" and value co \"example\"", "value eq \"SHARED@corp.io\"",
                "not (primary eq true)", "primary eq false or type pr", "value ew \".org\"", "type ne \"home\"",
                "value eq null", "display pr");
        Arbitrary<String> tail = Arbitraries.of("", ".value eq \"shared@corp.io\"", ".value ne \"bob@x.org\"",
                ".value pr", ".value eq null", ".type sw \"w\"");
        Arbitrary<Filter> emails = Combinators.combine(emailInner, tail)
                .as((inner, t) -> FilterParser.parse("emails[" + inner + "]" + t));
        Arbitrary<Filter> groups = Arbitraries.of(
                "groups[value eq \"" + GROUP_IDS.get(0) + "\"]", "groups[display eq \"ADMINS\" or type eq \"indirect\"]",
                "groups[not (display co \"guide\")]").map(FilterParser::parse);
        return Arbitraries.oneOf(emails, groups);
    }
}
