package dev.tcpmap.store;

/**
 * How big a handshake store is, for status pages.
 *
 * @param handshakes stored handshakes
 * @param certificates distinct certificates stored (interned: one per distinct certificate, however
 *     many chains and handshakes carry it)
 * @param bytesOnDisk the database file and its write-ahead log; 0 for a memory store
 */
public record HandshakeStats(long handshakes, long certificates, long bytesOnDisk) {}
