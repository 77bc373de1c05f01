package dev.tether.scim.filter;

import java.util.List;

/** A piece of SQL with {@code ?} placeholders and the values to bind to them, in order. */
public record SqlFragment(String sql, List<Object> params) {

    public SqlFragment {
        params = List.copyOf(params);
    }
}
