package dev.tether.scim.filter;

/**
 * Bounds on what a client may send, so a hostile filter cannot exhaust the stack or the
 * database planner. Depth counts nested groupings: parentheses, {@code not (...)} and
 * value-path brackets.
 */
public record FilterLimits(int maxLength, int maxDepth) {

    public static final FilterLimits DEFAULT = new FilterLimits(4096, 16);

    public FilterLimits {
        if (maxLength < 1 || maxDepth < 1) {
            throw new IllegalArgumentException("filter limits must be positive");
        }
    }
}
