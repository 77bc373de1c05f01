package dev.tether.scim.patch;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One thing a real identity provider sends that RFC 7644 does not say, and that Tether accepts
 * and rewrites into RFC form anyway. Every rule is on by default; an operator can switch rules
 * off per directory (a directory fed by a client that speaks plain RFC 7644 then gets a SCIM
 * 400 for what the rule would have forgiven). The {@link #id()} is stable: it is stored per
 * directory and used by the admin API, so never rename one.
 */
public enum DialectRule {

    /**
     * Entra ID sends {@code "op":"Add"}, {@code "Replace"}, {@code "Remove"} with a capital letter;
     * RFC 7644 §3.5.2 names the values {@code add}, {@code remove}, {@code replace}. The rule reads
     * the op case-insensitively; off, any other spelling is {@code invalidSyntax}.
     */
    CAPITALISED_OPS("capitalised-ops",
            "PATCH op names in any case (\"Add\", \"Replace\", \"Remove\")",
            List.of("Microsoft Entra ID"),
            "https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility"),

    /**
     * Entra ID sends booleans as strings, {@code {"op":"Replace","path":"active","value":"False"}},
     * also inside value objects ({@code {"active":"False"}}). The rule turns {@code "True"} /
     * {@code "False"} in any case into JSON booleans for boolean attributes; off, they are
     * {@code invalidValue}.
     */
    STRING_BOOLEANS("string-booleans",
            "\"True\"/\"False\" strings (any case) for boolean attributes",
            List.of("Microsoft Entra ID"),
            "https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility"),

    /**
     * Entra ID sends attribute paths as keys of a no-path add/replace value:
     * {@code {"op":"Replace","value":{"name.givenName":"Ann","urn:...:enterprise:2.0:User:employeeNumber":"7"}}}.
     * The rule makes each such key an operation with that path; off, a dotted key is an unknown
     * attribute ({@code invalidValue}).
     */
    PATH_KEYS_IN_NO_PATH_VALUE("path-keys-in-no-path-value",
            "dotted and URN-qualified attribute paths as keys of a no-path add/replace value",
            List.of("Microsoft Entra ID"),
            "https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility"),

    /**
     * Entra ID sends the enterprise {@code manager} as the manager's id alone
     * ({@code "value":"26118915-..."} on path {@code ...:manager}) and clears it with {@code ""} or
     * {@code {"value":""}}. The rule makes the id {@code {"value": id}} and the empty forms a
     * remove; off, a bare string is {@code invalidValue}.
     */
    MANAGER_BARE_STRING("manager-bare-string",
            "enterprise manager as a bare id string, \"\" or {\"value\":\"\"} to clear it",
            List.of("Microsoft Entra ID"),
            "https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups"),

    /**
     * Entra ID removes group members by listing them:
     * {@code {"op":"Remove","path":"members","value":[{"value":"id"}]}}; RFC 7644 §3.5.2.2 defines
     * no value for remove and would remove every member. The rule removes only the listed values
     * (of {@code members} and of any other multi-valued attribute); off, such a remove is
     * {@code invalidSyntax} rather than emptying the attribute.
     */
    REMOVE_BY_VALUE_LIST("remove-by-value-list",
            "remove of a multi-valued attribute (members) with a value list removes only the listed values",
            List.of("Microsoft Entra ID"),
            "https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility"),

    /**
     * Entra ID sends {@code "$ref": null} inside member objects. The rule drops it; off, it is
     * passed on as any other value ({@code $ref} is read-only, so it is then ignored where the
     * schema allows and refused where it does not).
     */
    NULL_REF("null-ref",
            "\"$ref\": null inside complex values (members) is dropped",
            List.of("Microsoft Entra ID"),
            "https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups"),

    /**
     * Okta echoes the resource's own {@code id} inside a no-path replace, e.g. when renaming a
     * group: {@code {"op":"replace","value":{"id":"abf4dd94-...","displayName":"New name"}}}. The
     * rule ignores an {@code id} equal to the resource's (a different one is always
     * {@code mutability}); off, any {@code id} in such a value is {@code mutability}, as
     * {@code id} is readOnly.
     */
    ECHOED_ID_IN_VALUE("echoed-id-in-value",
            "the resource's own id inside a no-path add/replace value is ignored",
            List.of("Okta"),
            "https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20/"),

    /**
     * A filter value without quotes, {@code filter=externalId eq 1234} or
     * {@code userName eq alice@example.com}, where RFC 7644 §3.4.2.2 wants a JSON literal. Seen from
     * Entra ID. The rule reads a bare word that is not true, false, null or a number as a
     * string; off, it is {@code invalidFilter}. Applies to list filters and to value filters in
     * PATCH paths.
     */
    UNQUOTED_FILTER_VALUES("unquoted-filter-values",
            "unquoted string values in filters (externalId eq 1234) are read as strings",
            List.of("Microsoft Entra ID"),
            "https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups");

    /** Every rule: what a directory gets unless an operator switches some off. */
    public static final Set<DialectRule> ALL = Collections.unmodifiableSet(EnumSet.allOf(DialectRule.class));

    private final String id;
    private final String description;
    private final List<String> idps;
    private final String docs;

    DialectRule(String id, String description, List<String> idps, String docs) {
        this.id = id;
        this.description = description;
        this.idps = idps;
        this.docs = docs;
    }

    /** Stable kebab-case id, as stored per directory and used by the admin API. */
    public String id() {
        return id;
    }

    /** One line saying what the rule accepts. */
    public String description() {
        return description;
    }

    /** The identity providers known to send it. */
    public List<String> idps() {
        return idps;
    }

    /** The IdP's public documentation of what it sends. */
    public String docs() {
        return docs;
    }

    public static Optional<DialectRule> byId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        for (DialectRule r : values()) {
            if (r.id.equals(wanted)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * Every rule except those named; ids this version does not know (a rule retired since it
     * was switched off) are ignored.
     */
    public static Set<DialectRule> allExcept(Iterable<String> disabledIds) {
        EnumSet<DialectRule> enabled = EnumSet.allOf(DialectRule.class);
        for (String id : disabledIds) {
            byId(id).ifPresent(enabled::remove);
        }
        return Collections.unmodifiableSet(enabled);
    }
}
