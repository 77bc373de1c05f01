package dev.tether.directory;

import java.util.List;

/** One page of a list query and the exact number of rows the query selects. */
public record ResourcePage(long totalResults, List<StoredResource> resources) {
}
