package io.vstack.offload;

/** What a rule's COUNT action has counted: frames and their bytes. */
public record RuleCounts(long hits, long bytes) {}
