package dev.tcpmap.store;

/**
 * What one {@link HandshakeStore#maintain} did.
 *
 * @param expired handshakes dropped for being older than the retention
 * @param pruned the oldest handshakes dropped because the store held more than its bound (also
 *     counted in {@link HandshakeStore#losses()})
 * @param certificatesDropped certificates no stored handshake referred to any more
 */
public record HandshakeMaintenance(long expired, long pruned, long certificatesDropped) {}
