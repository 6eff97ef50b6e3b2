/** Identity from the Kubernetes API: who an IP address was, at the time of a connection. */
package dev.tcpmap.kubernetes;
