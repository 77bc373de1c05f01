package dev.tether.scim.filter;

import dev.tether.scim.filter.BoundFilter.ValueKind;
import dev.tether.scim.schema.AttributeDefinition;
import dev.tether.scim.schema.AttributePath;
import dev.tether.scim.schema.ResourceSchema;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Translates filters into a PostgreSQL boolean condition, and sortBy into an ORDER BY
 * expression, over a table described by a {@link SqlMapping}. Values only ever reach SQL as
 * bind parameters.
 *
 * <p>It shares {@link FilterBinder} with {@link FilterEvaluator}. The result is meant for a WHERE
 * clause, which keeps only rows where it is TRUE. Under a {@code not} (also the rewritten
 * {@code ne}) each condition is made TRUE or FALSE, never NULL (COALESCE / CASE ... ELSE FALSE),
 * so that the negation selects exactly the rows the evaluator would. Where no {@code not}
 * encloses a column comparison, NULL and FALSE select the same rows, so the comparison is
 * emitted bare: {@code lower(u.user_name) = lower(?)} is served by the expression index, a
 * COALESCE around it is not (a lookup by userName would read the whole directory).
 *
 * <p>Assumptions about the stored data, which the server guarantees by validating documents:
 * dateTime values carry an offset (PostgreSQL would read a bare local time in the session's
 * time zone), and lower() of the database and Java's toLowerCase(Locale.ROOT) agree on the
 * text stored (true for ASCII; databases should use a UTF-8 locale).
 */
public final class SqlTranslator {

    /** Schema names are embedded as jsonb keys so expression indexes can match; they can only be these characters. */
    private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9:._$-]+");

    private final ResourceSchema schema;
    private final SqlMapping mapping;
    private final FilterBinder binder;

    public SqlTranslator(ResourceSchema schema, SqlMapping mapping) {
        this.schema = schema;
        this.mapping = mapping;
        this.binder = new FilterBinder(schema);
    }

    /** A condition for a WHERE clause. */
    public SqlFragment translate(Filter filter) {
        Emitter out = new Emitter();
        out.emit(binder.bind(filter), null);
        return new SqlFragment(out.sql.toString(), out.params);
    }

    /**
     * The expression to ORDER BY for {@code sortBy} (RFC 7644 §3.4.2.3); the caller appends
     * ASC or DESC. PostgreSQL's default NULLS LAST for ascending and NULLS FIRST for descending
     * puts resources without a value where the RFC wants them. For a multi-valued attribute the
     * value of the primary element is used, else that of the first.
     *
     * @throws FilterException when the attribute is unknown, complex without a value, or not stored
     */
    public SqlFragment orderBy(AttributePath sortBy) {
        ResourceSchema.Resolved r = schema.resolve(sortBy)
                .orElseThrow(() -> new FilterException("sortBy '" + sortBy + "' is not an attribute of "
                        + schema.resourceType().name()));
        AttributeDefinition attr = r.attribute();
        AttributeDefinition sub = null;
        if (sortBy.subAttribute() != null) {
            sub = attr.subAttribute(sortBy.subAttribute()).orElseThrow(() -> new FilterException(
                    "sortBy '" + sortBy + "' is not an attribute of " + schema.resourceType().name()));
        }
        AttributeDefinition leaf = sub != null ? sub : attr;
        if (leaf.isComplex()) {
            AttributeDefinition valueSub = leaf.subAttribute("value").orElseThrow(() -> new FilterException(
                    "sortBy '" + sortBy + "' is complex; name a sub-attribute"));
            sub = valueSub;
            leaf = valueSub;
        }
        ValueKind kind = FilterBinder.kindOf(leaf);
        String urn = r.inExtension(schema) ? r.schema().id() : null;
        Emitter out = new Emitter();
        if (attr.multiValued()) {
            BoundFilter.Field collection = new BoundFilter.Field(urn, attr, null);
            SqlMapping.RowSource rows = mapping.rowSource(collection.key());
            if (rows != null) {
                String expr = rowExpression(rows, sub, collection);
                out.sql.append("(SELECT min(").append(sortable(expr, kind, leaf.caseExact(), false))
                        .append(") FROM ").append(rows.from()).append(" WHERE ").append(rows.correlation()).append(')');
            } else {
                String array = elementsOf(out.jsonb(collection));
                String element = sub == null ? "s.v" : "s.v -> " + quoteKey(sub.name());
                out.sql.append("(SELECT ").append(sortable(element, kind, leaf.caseExact(), true))
                        .append(" FROM jsonb_array_elements(").append(array).append(") WITH ORDINALITY AS s(v, i)")
                        .append(" ORDER BY CASE WHEN s.v -> 'primary' = 'true'::jsonb THEN 0 ELSE 1 END, s.i LIMIT 1)");
            }
            return new SqlFragment(out.sql.toString(), out.params);
        }
        BoundFilter.Field field = new BoundFilter.Field(urn, attr, sub);
        SqlMapping.Column column = mapping.column(field.key());
        String constant = mapping.constant(field.key());
        if (column != null) {
            String sql = switch (column.type()) {
                case TEXT -> sortable(column.sql(), ValueKind.TEXT, leaf.caseExact(), false);
                case UUID -> column.sql() + "::text COLLATE \"C\"";
                case BOOLEAN, TIMESTAMPTZ -> column.sql();
            };
            out.sql.append(sql);
        } else if (constant != null) {
            out.sql.append("CAST(? AS text)");
            out.params.add(constant);
        } else {
            out.sql.append(sortable(out.jsonb(field), kind, leaf.caseExact(), true));
        }
        return new SqlFragment(out.sql.toString(), out.params);
    }

    private static String sortable(String expr, ValueKind kind, boolean caseExact, boolean isJsonb) {
        if (!isJsonb) {
            return kind == ValueKind.TEXT ? "(" + lowerIf(expr, caseExact) + ") COLLATE \"C\"" : expr;
        }
        return switch (kind) {
            case TEXT -> "(CASE WHEN jsonb_typeof(" + expr + ") = 'string' THEN "
                    + lowerIf(expr + " #>> '{}'", caseExact) + " END) COLLATE \"C\"";
            case BOOLEAN -> "(CASE WHEN jsonb_typeof(" + expr + ") = 'boolean' THEN (" + expr + ")::boolean END)";
            case NUMBER -> "(CASE WHEN jsonb_typeof(" + expr + ") = 'number' THEN (" + expr + ")::numeric END)";
            case DATE_TIME -> "(CASE WHEN jsonb_typeof(" + expr + ") = 'string' THEN (" + expr
                    + " #>> '{}')::timestamptz END)";
        };
    }

    private static String lowerIf(String expr, boolean caseExact) {
        return caseExact ? expr : "lower(" + expr + ")";
    }

    /** jsonb_array_elements input: the array, a lone object as one element, anything else none. */
    private static String elementsOf(String jsonb) {
        return "CASE jsonb_typeof(" + jsonb + ") WHEN 'array' THEN " + jsonb + " WHEN 'object' THEN jsonb_build_array("
                + jsonb + ") ELSE '[]'::jsonb END";
    }

    private static String quoteKey(String key) {
        if (!SAFE_KEY.matcher(key).matches()) {
            throw new IllegalStateException("schema name not usable as a jsonb key: " + key);
        }
        return "'" + key + "'";
    }

    private static String rowExpression(SqlMapping.RowSource rows, AttributeDefinition sub, BoundFilter.Field collection) {
        if (sub == null) {
            throw new FilterException("'" + collection.attribute().name() + "' can only be filtered by its sub-attributes");
        }
        String expr = rows.subAttribute(sub.name());
        if (expr == null) {
            throw new FilterException("filtering or sorting on '" + collection.attribute().name() + "." + sub.name()
                    + "' is not supported");
        }
        return expr;
    }

    private static FilterException unsupported(BoundFilter.Field f) {
        String path = f.attribute().name() + (f.sub() == null ? "" : "." + f.sub().name());
        return new FilterException("filtering or sorting on '" + path + "' is not supported");
    }

    /** The context of a condition: the row, or the element of an EXISTS. */
    private sealed interface Scope {
    }

    private record JsonElement(String alias) implements Scope {
    }

    private record RowElement(SqlMapping.RowSource rows, BoundFilter.Field collection) implements Scope {
    }

    /** Accumulates SQL text and parameters of one translation. */
    private final class Emitter {
        final StringBuilder sql = new StringBuilder();
        final List<Object> params = new ArrayList<>();
        int aliases;
        /** How many {@code not} enclose what is being emitted, within the current WHERE (row or EXISTS). */
        int negations;

        /**
         * A comparison that is NULL when its value is: bare where no {@code not} encloses it (so an
         * index can serve it), else made FALSE for NULL.
         */
        void nullAsFalse(Runnable comparison) {
            sql.append(negations == 0 ? "(" : "COALESCE(");
            comparison.run();
            sql.append(negations == 0 ? ")" : ", FALSE)");
        }

        void emit(BoundFilter f, Scope scope) {
            if (f instanceof BoundFilter.Constant c) {
                sql.append(c.value() ? "TRUE" : "FALSE");
            } else if (f instanceof BoundFilter.All a) {
                sql.append('(');
                emit(a.left(), scope);
                sql.append(" AND ");
                emit(a.right(), scope);
                sql.append(')');
            } else if (f instanceof BoundFilter.Either o) {
                sql.append('(');
                emit(o.left(), scope);
                sql.append(" OR ");
                emit(o.right(), scope);
                sql.append(')');
            } else if (f instanceof BoundFilter.Negation n) {
                sql.append("(NOT ");
                negations++;
                emit(n.inner(), scope);
                negations--;
                sql.append(')');
            } else if (f instanceof BoundFilter.Present p) {
                present(p.target(), scope);
            } else if (f instanceof BoundFilter.Compare c) {
                compare(c, scope);
            } else {
                exists((BoundFilter.Exists) f);
            }
        }

        private void exists(BoundFilter.Exists e) {
            SqlMapping.RowSource rows = mapping.rowSource(e.collection().key());
            if (rows != null) {
                sql.append("EXISTS (SELECT 1 FROM ").append(rows.from()).append(" WHERE ").append(rows.correlation())
                        .append(" AND ");
                element(e.element(), new RowElement(rows, e.collection()));
                sql.append(')');
                return;
            }
            if (e.collection().extensionUrn() == null && !mapping.inDocument(e.collection().attribute().name())) {
                throw unsupported(e.collection());
            }
            // Parenthesised so that an enclosing NOT negates the hint and the EXISTS together.
            sql.append('(');
            indexHint(e);
            String alias = "e" + (++aliases);
            sql.append("EXISTS (SELECT 1 FROM jsonb_array_elements(").append(elementsOf(jsonb(e.collection())))
                    .append(") AS ").append(alias).append("(v) WHERE ");
            element(e.element(), new JsonElement(alias + ".v"));
            sql.append("))");
        }

        /** The condition of an EXISTS: a WHERE of its own (EXISTS is never NULL, whatever encloses it). */
        private void element(BoundFilter f, Scope scope) {
            int outer = negations;
            negations = 0;
            emit(f, scope);
            negations = outer;
        }

        /**
         * {@code emails.value eq x} in any spelling implies lower(x) is in the lower-cased
         * array column, so that test is added in front for the GIN index to serve.
         */
        private void indexHint(BoundFilter.Exists e) {
            List<BoundFilter> conjuncts = new ArrayList<>();
            flattenAll(e.element(), conjuncts);
            for (BoundFilter c : conjuncts) {
                if (c instanceof BoundFilter.Compare cmp && cmp.op() == CompareOp.EQ && cmp.kind() == ValueKind.TEXT
                        && cmp.target() instanceof BoundFilter.Element el && el.sub() != null) {
                    String array = mapping.lowerCasedArray(e.collection().key() + "." + SqlMapping.key(el.sub().name()));
                    if (array != null) {
                        sql.append(array).append(" @> ARRAY[lower(CAST(? AS text))]::text[] AND ");
                        params.add(cmp.operand());
                        return;
                    }
                }
            }
        }

        private void flattenAll(BoundFilter f, List<BoundFilter> out) {
            if (f instanceof BoundFilter.All a) {
                flattenAll(a.left(), out);
                flattenAll(a.right(), out);
            } else {
                out.add(f);
            }
        }

        private void present(BoundFilter.Target target, Scope scope) {
            if (target instanceof BoundFilter.Element el) {
                if (scope instanceof RowElement row) {
                    if (el.sub() == null) {
                        sql.append("TRUE"); // the row exists
                        return;
                    }
                    String expr = rowExpression(row.rows(), el.sub(), row.collection());
                    sql.append("(").append(expr).append(" IS NOT NULL AND (").append(expr).append(")::text <> '')");
                    return;
                }
                presentJsonb(elementJsonb(el, (JsonElement) scope));
                return;
            }
            BoundFilter.Field field = (BoundFilter.Field) target;
            SqlMapping.Column column = mapping.column(field.key());
            if (column != null) {
                if (column.type() == SqlMapping.ColumnType.TEXT) {
                    sql.append("(").append(column.sql()).append(" IS NOT NULL AND ").append(column.sql()).append(" <> '')");
                } else {
                    sql.append("(").append(column.sql()).append(" IS NOT NULL)");
                }
                return;
            }
            String constant = mapping.constant(field.key());
            if (constant != null) {
                sql.append(constant.isEmpty() ? "FALSE" : "TRUE");
                return;
            }
            presentJsonb(jsonb(field));
        }

        /** Same rule as FilterEvaluator.hasValue. */
        private void presentJsonb(String j) {
            sql.append("COALESCE(jsonb_typeof(").append(j).append(") <> 'null' AND ").append(j)
                    .append(" NOT IN ('\"\"'::jsonb, '[]'::jsonb, '{}'::jsonb), FALSE)");
        }

        private void compare(BoundFilter.Compare c, Scope scope) {
            if (c.target() instanceof BoundFilter.Element el) {
                if (scope instanceof RowElement row) {
                    String expr = rowExpression(row.rows(), el.sub(), row.collection());
                    nullAsFalse(() -> scalarCompare(expr, c));
                    return;
                }
                jsonbCompare(elementJsonb(el, (JsonElement) scope), c);
                return;
            }
            BoundFilter.Field field = (BoundFilter.Field) c.target();
            SqlMapping.Column column = mapping.column(field.key());
            if (column != null) {
                columnCompare(column, c);
                return;
            }
            String constant = mapping.constant(field.key());
            if (constant != null) {
                if (c.kind() != ValueKind.TEXT) {
                    throw unsupported(field);
                }
                sql.append(FilterEvaluator.compareText(constant, (String) c.operand(), c.caseExact(), c.op()) ? "TRUE" : "FALSE");
                return;
            }
            jsonbCompare(jsonb(field), c);
        }

        private void columnCompare(SqlMapping.Column column, BoundFilter.Compare c) {
            if (column.type() == SqlMapping.ColumnType.UUID && c.kind() == ValueKind.TEXT) {
                if (c.op() != CompareOp.EQ) {
                    nullAsFalse(() -> textCompare(column.sql() + "::text", c));
                    return;
                }
                Optional<UUID> uuid = canonicalUuid((String) c.operand());
                if (uuid.isEmpty()) {
                    sql.append("FALSE"); // no id is spelled that way
                    return;
                }
                nullAsFalse(() -> sql.append(column.sql()).append(" = ?"));
                params.add(uuid.get());
                return;
            }
            boolean fits = switch (column.type()) {
                case TEXT -> c.kind() == ValueKind.TEXT;
                case BOOLEAN -> c.kind() == ValueKind.BOOLEAN;
                case TIMESTAMPTZ -> c.kind() == ValueKind.DATE_TIME;
                case UUID -> false;
            };
            if (!fits) {
                throw new IllegalStateException("column " + column.sql() + " of type " + column.type()
                        + " mapped to an attribute of kind " + c.kind());
            }
            nullAsFalse(() -> scalarCompare(column.sql(), c));
        }

        /** A comparison over a typed SQL scalar; NULL when the scalar is NULL. */
        private void scalarCompare(String expr, BoundFilter.Compare c) {
            switch (c.kind()) {
                case TEXT -> textCompare(expr, c);
                case BOOLEAN -> {
                    sql.append(expr).append(" = ?");
                    params.add(c.operand());
                }
                case NUMBER -> {
                    sql.append(expr).append(' ').append(sqlOperator(c.op())).append(" ?");
                    params.add(c.operand());
                }
                case DATE_TIME -> {
                    sql.append(expr).append(' ').append(sqlOperator(c.op())).append(" ?");
                    params.add(timestamp((Instant) c.operand()));
                }
            }
        }

        private void jsonbCompare(String j, BoundFilter.Compare c) {
            switch (c.kind()) {
                case TEXT -> {
                    sql.append("CASE WHEN jsonb_typeof(").append(j).append(") = 'string' THEN ");
                    textCompare("(" + j + " #>> '{}')", c);
                }
                case BOOLEAN -> {
                    sql.append("CASE WHEN jsonb_typeof(").append(j).append(") = 'boolean' THEN (").append(j)
                            .append(")::boolean = ?");
                    params.add(c.operand());
                }
                case NUMBER -> {
                    sql.append("CASE WHEN jsonb_typeof(").append(j).append(") = 'number' THEN (").append(j)
                            .append(")::numeric ").append(sqlOperator(c.op())).append(" ?");
                    params.add(c.operand());
                }
                case DATE_TIME -> {
                    sql.append("CASE WHEN jsonb_typeof(").append(j).append(") = 'string' THEN (").append(j)
                            .append(" #>> '{}')::timestamptz ").append(sqlOperator(c.op())).append(" ?");
                    params.add(timestamp((Instant) c.operand()));
                }
            }
            sql.append(" ELSE FALSE END");
        }

        /**
         * Strings per caseExact; ordering in the "C" collation, which is code point order as in
         * FilterEvaluator; the operand always bound, never spliced in.
         */
        private void textCompare(String expr, BoundFilter.Compare c) {
            String x = lowerIf(expr, c.caseExact());
            String p = c.caseExact() ? "CAST(? AS text)" : "lower(CAST(? AS text))";
            switch (c.op()) {
                case EQ -> sql.append(x).append(" = ").append(p);
                case CO -> sql.append("strpos(").append(x).append(", ").append(p).append(") > 0");
                case SW -> sql.append("starts_with(").append(x).append(", ").append(p).append(')');
                case EW -> {
                    sql.append("right(").append(x).append(", length(").append(p).append(")) = ").append(p);
                    params.add(c.operand());
                }
                default -> sql.append('(').append(x).append(" COLLATE \"C\") ").append(sqlOperator(c.op())).append(' ').append(p);
            }
            params.add(c.operand());
        }

        private String elementJsonb(BoundFilter.Element el, JsonElement scope) {
            return el.sub() == null ? scope.alias() : scope.alias() + " -> " + quoteKey(el.sub().name());
        }

        /** The jsonb expression of an attribute in the document. */
        String jsonb(BoundFilter.Field f) {
            if (f.extensionUrn() == null && !mapping.inDocument(f.attribute().name())) {
                throw unsupported(f);
            }
            StringBuilder sb = new StringBuilder("(").append(mapping.document());
            if (f.extensionUrn() != null) {
                sb.append(" -> ").append(quoteKey(f.extensionUrn()));
            }
            sb.append(" -> ").append(quoteKey(f.attribute().name()));
            if (f.sub() != null) {
                sb.append(" -> ").append(quoteKey(f.sub().name()));
            }
            return sb.append(')').toString();
        }
    }

    private static String sqlOperator(CompareOp op) {
        return switch (op) {
            case EQ -> "=";
            case GT -> ">";
            case GE -> ">=";
            case LT -> "<";
            case LE -> "<=";
            default -> throw new IllegalStateException("no SQL operator for " + op);
        };
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Ids are returned in lower-case canonical form; only that spelling names a resource. */
    static Optional<UUID> canonicalUuid(String text) {
        try {
            UUID uuid = UUID.fromString(text);
            return uuid.toString().equals(text) ? Optional.of(uuid) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
