package dev.tether.scim.schema;

import java.util.Locale;

/**
 * A reference to an attribute as written in filters, PATCH paths and the
 * {@code attributes} parameter: {@code [schemaUrn:]attribute[.subAttribute]} (RFC 7644 §3.10).
 * {@code schemaUrn} is null when the path is not URN-qualified.
 */
public record AttributePath(String schemaUrn, String attribute, String subAttribute) {

    public AttributePath {
        if (attribute == null || attribute.isEmpty()) {
            throw new IllegalArgumentException("attribute name is empty");
        }
    }

    public static AttributePath of(String attribute) {
        return new AttributePath(null, attribute, null);
    }

    /**
     * Splits {@code urn:...:User:name.givenName} into URN, attribute and sub-attribute. A URN
     * ends at its last colon; the dots inside a URN ("2.0") are not sub-attribute separators.
     *
     * @throws IllegalArgumentException when the text is not a well-formed attribute path
     */
    public static AttributePath parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty attribute path");
        }
        String urn = null;
        String rest = text;
        if (text.regionMatches(true, 0, "urn:", 0, 4)) {
            int lastColon = text.lastIndexOf(':');
            urn = text.substring(0, lastColon);
            rest = text.substring(lastColon + 1);
        }
        String attr = rest;
        String sub = null;
        int dot = rest.indexOf('.');
        if (dot >= 0) {
            attr = rest.substring(0, dot);
            sub = rest.substring(dot + 1);
            if (sub.isEmpty() || sub.indexOf('.') >= 0) {
                throw new IllegalArgumentException("malformed attribute path: " + text);
            }
        }
        if (!isAttrName(attr) || (sub != null && !isAttrName(sub))) {
            throw new IllegalArgumentException("malformed attribute path: " + text);
        }
        return new AttributePath(urn, attr, sub);
    }

    /** RFC 7643 §2.1 ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA; plus "$ref". */
    public static boolean isAttrName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        if (s.equals("$ref")) {
            return true;
        }
        char first = s.charAt(0);
        if (!isAlpha(first)) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isAlpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    public AttributePath withoutSub() {
        return new AttributePath(schemaUrn, attribute, null);
    }

    /** Lower-cased key for case-insensitive comparison of paths. */
    public String key() {
        return toString().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (schemaUrn != null) {
            sb.append(schemaUrn).append(':');
        }
        sb.append(attribute);
        if (subAttribute != null) {
            sb.append('.').append(subAttribute);
        }
        return sb.toString();
    }
}
