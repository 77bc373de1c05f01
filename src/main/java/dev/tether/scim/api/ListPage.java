package dev.tether.scim.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Rendered resources of one page and the exact total the query selects. */
record ListPage(long totalResults, List<ObjectNode> resources) {
}
