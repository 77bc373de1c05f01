package dev.tether.scim.api;

import dev.tether.scim.schema.AttributePath;
import java.util.List;

/** The attributes / excludedAttributes a client asked for (RFC 7644 §3.4.2.5). */
record RequestedAttributes(List<AttributePath> attributes, List<AttributePath> excludedAttributes) {

    static final RequestedAttributes DEFAULT = new RequestedAttributes(List.of(), List.of());

    RequestedAttributes {
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
        excludedAttributes = excludedAttributes == null ? List.of() : List.copyOf(excludedAttributes);
    }

    static RequestedAttributes of(String attributes, String excludedAttributes) {
        return new RequestedAttributes(AttributeLists.parse(attributes), AttributeLists.parse(excludedAttributes));
    }
}
