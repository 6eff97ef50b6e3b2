package dev.tcpmap.store;

/**
 * How big a store is, for status pages.
 *
 * @param rows stored (bucket, edge) rows of both resolutions
 * @param endpoints distinct endpoints interned
 * @param bytesOnDisk the database file and its write-ahead log; 0 for a memory store
 */
public record StoreStats(long rows, long endpoints, long bytesOnDisk) {}
