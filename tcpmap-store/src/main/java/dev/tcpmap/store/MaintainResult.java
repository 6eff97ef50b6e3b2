package dev.tcpmap.store;

/**
 * What one {@link RollupStore#maintain} did.
 *
 * @param foldedRows fine rows summed into coarse ones (and deleted)
 * @param droppedRows rows deleted for being older than the retention
 */
public record MaintainResult(long foldedRows, long droppedRows) {}
