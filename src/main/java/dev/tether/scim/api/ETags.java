package dev.tether.scim.api;

import java.util.function.LongPredicate;

/**
 * Weak entity tags over the row version (RFC 7644 §3.14). {@code If-Match} and
 * {@code If-None-Match} are compared weakly; {@code *} matches any existing resource.
 */
final class ETags {

    private ETags() {
    }

    static String of(long version) {
        return "W/\"" + version + "\"";
    }

    /** The check an If-Match header asks for; null when there is no header or it is {@code *}. */
    static LongPredicate ifMatch(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String listed = header;
        return version -> names(listed, version);
    }

    /** True when an If-None-Match header names the current version (so GET answers 304). */
    static boolean ifNoneMatchHits(String header, long version) {
        return header != null && !header.isBlank() && names(header, version);
    }

    private static boolean names(String header, long version) {
        for (String tag : header.split(",")) {
            String t = tag.trim();
            if (t.equals("*")) {
                return true;
            }
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.length() >= 2 && t.charAt(0) == '"' && t.charAt(t.length() - 1) == '"'
                    && t.substring(1, t.length() - 1).equals(Long.toString(version))) {
                return true;
            }
        }
        return false;
    }
}
