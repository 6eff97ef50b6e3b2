package dev.tcpmap.packet.filter;

import static dev.tcpmap.packet.filter.Bpf.ABS;
import static dev.tcpmap.packet.filter.Bpf.ADD;
import static dev.tcpmap.packet.filter.Bpf.ALU;
import static dev.tcpmap.packet.filter.Bpf.AND;
import static dev.tcpmap.packet.filter.Bpf.B;
import static dev.tcpmap.packet.filter.Bpf.H;
import static dev.tcpmap.packet.filter.Bpf.IMM;
import static dev.tcpmap.packet.filter.Bpf.IND;
import static dev.tcpmap.packet.filter.Bpf.JEQ;
import static dev.tcpmap.packet.filter.Bpf.JGT;
import static dev.tcpmap.packet.filter.Bpf.JSET;
import static dev.tcpmap.packet.filter.Bpf.K;
import static dev.tcpmap.packet.filter.Bpf.LD;
import static dev.tcpmap.packet.filter.Bpf.LDX;
import static dev.tcpmap.packet.filter.Bpf.LSH;
import static dev.tcpmap.packet.filter.Bpf.MEM;
import static dev.tcpmap.packet.filter.Bpf.MISC;
import static dev.tcpmap.packet.filter.Bpf.RET;
import static dev.tcpmap.packet.filter.Bpf.RSH;
import static dev.tcpmap.packet.filter.Bpf.ST;
import static dev.tcpmap.packet.filter.Bpf.STX;
import static dev.tcpmap.packet.filter.Bpf.SUB;
import static dev.tcpmap.packet.filter.Bpf.TAX;
import static dev.tcpmap.packet.filter.Bpf.TXA;
import static dev.tcpmap.packet.filter.Bpf.W;
import static dev.tcpmap.packet.filter.Bpf.X;

import dev.tcpmap.core.model.Ports;
import java.util.List;

/**
 * The kernel packet filter of live capture: classic BPF that passes what TLS handshake and DNS
 * parsing need and drops everything else in the kernel, before it costs a ring slot or a wakeup.
 *
 * <p>A packet passes (whole, up to the snap length) when it is IPv4 or IPv6 — behind an Ethernet
 * header with up to two VLAN tags (802.1Q {@code 0x8100}, 802.1ad {@code 0x88a8}, old QinQ {@code
 * 0x9100}), or raw IP on links without one — and one of:
 *
 * <ol>
 *   <li>TCP with SYN, FIN or RST set, any port: the handshake collector tracks a flow only from its
 *       SYN and ends it at FIN/RST. About 3–6 packets per connection.
 *   <li>TCP with source port 53: DNS answers over TCP, every segment (a TCP DNS answer may span
 *       several).
 *   <li>TCP with payload to or from one of the {@code tlsPorts} (default 443): every payload
 *       segment, so that a ClientHello larger than one segment (post-quantum key shares make them
 *       about 1.8 KB) and a TLS 1.2 certificate chain arrive complete. This is the costly rule: it
 *       passes all payload of those ports, including application data after the handshake. An empty
 *       list turns it off.
 *   <li>TCP with at least 5 bytes of payload starting like a TLS handshake record: content type
 *       {@code 0x16}, version {@code 0x03 0x00}–{@code 0x03 0x04}, on any port. A handshake on
 *       another port whose first flight exceeds one segment arrives cut (the collector counts the
 *       gap); a stateless filter cannot follow the flow.
 *   <li>UDP with source port 53: DNS answers.
 * </ol>
 *
 * <p>Not passed: IPv4 fragments after the first (no ports to match), IPv6 packets with extension
 * headers before TCP/UDP, everything else. Lengths come from the IP header (total length, payload
 * length), never from the frame, so Ethernet padding never counts as payload. A load past the end
 * of the captured bytes makes the kernel reject the packet.
 *
 * <p>Scratch memory: {@code M[0]} link header length, {@code M[1]} IPv4 header length, {@code M[2]}
 * transport length (header and payload), {@code M[3]} transport protocol, {@code M[4]} transport
 * offset, {@code M[5]} TCP header length, {@code M[6]} TCP payload length.
 */
public final class CaptureFilter {
  /** Content type of a TLS handshake record (RFC 8446 section 5.1). */
  static final int TLS_HANDSHAKE = 0x16;

  static final int DNS_PORT = 53;
  private static final int TCP = 6;
  private static final int UDP = 17;
  private static final int SYN_FIN_RST = 0x07;

  private CaptureFilter() {}

  /**
   * The program for packets that start with an Ethernet header ({@code ethernet}) or with the IP
   * header (raw IP, {@code SOCK_DGRAM} capture of links without one).
   *
   * @param tlsPorts ports whose every TCP payload segment passes (rule 3); may be empty
   * @param snapLength bytes kept of a passing packet
   */
  public static List<Insn> program(boolean ethernet, List<Integer> tlsPorts, int snapLength) {
    for (int port : tlsPorts) {
      Ports.checkConnectable(port, "TLS port");
    }
    if (snapLength < 128) {
      throw new IllegalArgumentException("snap length below 128 bytes: " + snapLength);
    }
    Bpf bpf = new Bpf();
    if (ethernet) {
      linkEthernet(bpf);
    } else {
      bpf.op(LD | H | ABS, Bpf.ANCILLARY_PROTOCOL).op(LDX | W | IMM, 0);
    }
    network(bpf);
    transport(bpf, tlsPorts);
    bpf.label("reject").op(RET | K, 0);
    bpf.label("pass").op(RET | K, snapLength);
    return bpf.build();
  }

  /** Leaves the ethertype in A and the link header length in X. */
  private static void linkEthernet(Bpf bpf) {
    bpf.op(LD | H | ABS, 12);
    tagged(bpf, "vlan1");
    bpf.op(LDX | W | IMM, 14).jumpAlways("network");
    bpf.label("vlan1").op(LD | H | ABS, 16);
    tagged(bpf, "vlan2");
    bpf.op(LDX | W | IMM, 18).jumpAlways("network");
    bpf.label("vlan2").op(LD | H | ABS, 20).op(LDX | W | IMM, 22);
  }

  private static void tagged(Bpf bpf, String label) {
    bpf.jump(JEQ, 0x8100, label, null)
        .jump(JEQ, 0x88a8, label, null)
        .jump(JEQ, 0x9100, label, null);
  }

  /** From (A = ethertype, X = IP offset) to (X = transport offset, M[2], M[3], M[4] set). */
  private static void network(Bpf bpf) {
    bpf.label("network").jump(JEQ, 0x0800, "ipv4", null).jump(JEQ, 0x86dd, "ipv6", "reject");
    bpf.label("ipv4")
        .op(STX, 0)
        .op(LD | B | IND, 0)
        .op(ALU | AND | K, 0x0f)
        .op(ALU | LSH | K, 2)
        .op(ST, 1)
        .op(LD | H | IND, 6)
        .jump(JSET, 0x1fff, "reject", null) // a later fragment: no transport header
        .op(LD | B | IND, 9)
        .op(ST, 3)
        .op(LD | H | IND, 2)
        .op(LDX | W | MEM, 1)
        .op(ALU | SUB | X, 0)
        .op(ST, 2)
        .op(LD | W | MEM, 1)
        .op(LDX | W | MEM, 0)
        .op(ALU | ADD | X, 0)
        .op(MISC | TAX, 0)
        .jumpAlways("transport");
    bpf.label("ipv6")
        .op(LD | H | IND, 4)
        .op(ST, 2)
        .op(LD | B | IND, 6)
        .op(ST, 3)
        .op(MISC | TXA, 0)
        .op(ALU | ADD | K, 40)
        .op(MISC | TAX, 0);
  }

  private static void transport(Bpf bpf, List<Integer> tlsPorts) {
    bpf.label("transport")
        .op(STX, 4)
        .op(LD | W | MEM, 3)
        .jump(JEQ, TCP, "tcp", null)
        .jump(JEQ, UDP, null, "reject")
        .op(LD | H | IND, 0)
        .jump(JEQ, DNS_PORT, "pass", "reject");
    bpf.label("tcp")
        .op(LD | H | IND, 0)
        .jump(JEQ, DNS_PORT, "pass", null)
        .op(LD | B | IND, 13)
        .jump(JSET, SYN_FIN_RST, "pass", null)
        .op(LD | B | IND, 12)
        .op(ALU | RSH | K, 4)
        .op(ALU | LSH | K, 2)
        .op(ST, 5)
        .op(MISC | TAX, 0)
        .op(LD | W | MEM, 2)
        .op(ALU | SUB | X, 0) // payload length
        .jump(JGT, 0, null, "reject")
        .op(LDX | W | MEM, 4);
    tlsPorts(bpf, tlsPorts);
    bpf.jump(JGT, 4, null, "reject") // a record header is 5 bytes
        .op(LD | W | MEM, 5)
        .op(ALU | ADD | X, 0)
        .op(MISC | TAX, 0)
        .op(LD | B | IND, 0)
        .jump(JEQ, TLS_HANDSHAKE, null, "reject")
        .op(LD | B | IND, 1)
        .jump(JEQ, 3, null, "reject")
        .op(LD | B | IND, 2)
        .jump(JGT, 4, "reject", "pass");
  }

  /** Passes when either port is a TLS port; leaves the payload length in A. */
  private static void tlsPorts(Bpf bpf, List<Integer> tlsPorts) {
    if (tlsPorts.isEmpty()) {
      return;
    }
    bpf.op(ST, 6);
    for (int offset : new int[] {0, 2}) {
      bpf.op(LD | H | IND, offset);
      for (int port : tlsPorts) {
        bpf.jump(JEQ, port, "pass", null);
      }
    }
    bpf.op(LD | W | MEM, 6);
  }

  /** A readable listing, one instruction per line, for logs and tests. */
  public static String listing(List<Insn> program) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < program.size(); i++) {
      out.append("%3d %s%n".formatted(i, program.get(i)));
    }
    return out.toString();
  }
}
