/**
 * TLS as tcpmap reports it, whichever source saw it: handshakes ({@link
 * dev.tcpmap.core.tls.TlsHandshake}) and server certificate chains ({@link
 * dev.tcpmap.core.tls.CertificateChain}), observed in packets or probed.
 */
package dev.tcpmap.core.tls;
