package dev.tether.directory;

import java.util.List;

/**
 * A list query already translated to SQL by the protocol layer: a condition and an order
 * expression over the resource table's alias, with their bind parameters. Values only ever
 * arrive as parameters.
 *
 * @param where        boolean SQL expression, or null for all rows
 * @param orderBy      SQL expression to sort by, or null for the stable default order
 * @param offset       rows to skip (startIndex - 1)
 * @param limit        rows to return; 0 returns none (count only)
 */
public record ResourceQuery(String where, List<Object> whereParams, String orderBy, List<Object> orderParams,
        boolean descending, int offset, int limit) {

    public ResourceQuery {
        whereParams = whereParams == null ? List.of() : List.copyOf(whereParams);
        orderParams = orderParams == null ? List.of() : List.copyOf(orderParams);
    }
}
