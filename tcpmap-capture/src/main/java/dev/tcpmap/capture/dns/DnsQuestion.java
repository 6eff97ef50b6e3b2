package dev.tcpmap.capture.dns;

/**
 * One entry of a message's question section (RFC 1035 §4.1.2).
 *
 * @param name the queried name, lower case, without the final dot ({@code "."} for the root)
 * @param type QTYPE, e.g. 1 (A), 28 (AAAA)
 * @param dnsClass QCLASS, 1 for IN
 */
public record DnsQuestion(String name, int type, int dnsClass) {}
