package dev.tether.scim.patch;

import dev.tether.scim.filter.FilterLimits;
import dev.tether.scim.filter.FilterParser;
import dev.tether.scim.schema.AttributePath;

/**
 * A PATCH {@code path} (RFC 7644 §3.5.2, the PATH rule of Figure 1):
 * {@code [urn:]attr[.sub]}, {@code [urn:]attr[filter][.sub]}, or an extension URN alone.
 * Parsing is purely syntactic; whether {@code urn:...:enterprise:2.0:User} names an extension or
 * an attribute "User" is decided against the schema by whoever resolves the path
 * (see {@link #qualifiedName()}). The value filter is read into the filter package's AST
 * here, once; see {@link ValueFilter} for when a malformed one is reported.
 *
 * @param schemaUrn    the URN prefix, or null when the path is not qualified
 * @param attribute    the attribute name as written (not yet canonical)
 * @param valueFilter  the filter between the brackets, or null
 * @param subAttribute the sub-attribute name as written, or null
 */
public record PatchPath(String schemaUrn, String attribute, ValueFilter valueFilter, String subAttribute) {

    private static final FilterParser DEFAULT_FILTERS = new FilterParser(FilterLimits.DEFAULT);

    /**
     * Parses with the default filter limits.
     *
     * @throws PatchException invalidPath when the text is not a well-formed path
     */
    public static PatchPath parse(String text) {
        return parse(text, DEFAULT_FILTERS);
    }

    /**
     * Parses a path; a value filter is read with {@code filters} (and so within its limits).
     *
     * @throws PatchException invalidPath when the text is not a well-formed path
     */
    public static PatchPath parse(String text, FilterParser filters) {
        if (text == null || text.isBlank()) {
            throw PatchException.invalidPath("path is empty");
        }
        String path = text.strip();
        int open = path.indexOf('[');
        if (open < 0) {
            if (path.indexOf(']') >= 0) {
                throw PatchException.invalidPath("unbalanced ']' in path \"" + text + "\"");
            }
            AttributePath ap = attributePath(path, text);
            return new PatchPath(ap.schemaUrn(), ap.attribute(), null, ap.subAttribute());
        }
        AttributePath ap = attributePath(path.substring(0, open), text);
        if (ap.subAttribute() != null) {
            throw PatchException.invalidPath("a value filter must follow the attribute, not a sub-attribute, in \""
                    + text + "\"");
        }
        int close = closingBracket(path, open + 1, text);
        String filter = path.substring(open + 1, close).strip();
        if (filter.isEmpty()) {
            throw PatchException.invalidPath("empty value filter in path \"" + text + "\"");
        }
        String rest = path.substring(close + 1);
        String sub = null;
        if (!rest.isEmpty()) {
            if (rest.charAt(0) != '.' || !AttributePath.isAttrName(rest.substring(1))) {
                throw PatchException.invalidPath("only \".subAttribute\" may follow the value filter in \""
                        + text + "\"");
            }
            sub = rest.substring(1);
        }
        return new PatchPath(ap.schemaUrn(), ap.attribute(), ValueFilter.read(filter, filters), sub);
    }

    private static AttributePath attributePath(String part, String whole) {
        try {
            return AttributePath.parse(part);
        } catch (IllegalArgumentException e) {
            throw PatchException.invalidPath("malformed path \"" + whole + "\"");
        }
    }

    /** Index of the ']' that closes the filter; brackets inside quoted strings do not count. */
    private static int closingBracket(String path, int from, String whole) {
        boolean quoted = false;
        for (int i = from; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '[') {
                throw PatchException.invalidPath("nested value filters are not allowed: \"" + whole + "\"");
            } else if (c == ']') {
                return i;
            }
        }
        throw PatchException.invalidPath("value filter is not closed with ']' in \"" + whole + "\"");
    }

    /** The attribute without filter or sub-attribute, for schema lookup. */
    public AttributePath attributePath() {
        return new AttributePath(schemaUrn, attribute, null);
    }

    /** {@code urn:attribute} as one string: equals an extension's URN when the path names the whole extension. */
    public String qualifiedName() {
        return schemaUrn == null ? attribute : schemaUrn + ":" + attribute;
    }

    public boolean hasFilter() {
        return valueFilter != null;
    }

    /** The value filter's text as written between the brackets, or null. */
    public String filter() {
        return valueFilter == null ? null : valueFilter.text();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(qualifiedName());
        if (valueFilter != null) {
            sb.append('[').append(valueFilter.text()).append(']');
        }
        if (subAttribute != null) {
            sb.append('.').append(subAttribute);
        }
        return sb.toString();
    }
}
