package dev.tcpmap.packet.filter;

/**
 * One classic BPF instruction, {@code struct sock_filter} of {@code linux/filter.h}: 16-bit opcode,
 * jump offsets if true and if false (instructions to skip), and a 32-bit constant.
 */
public record Insn(int code, int jt, int jf, int k) {
  public Insn {
    if (code < 0 || code > 0xffff) {
      throw new IllegalArgumentException("opcode out of range: " + code);
    }
    if (jt < 0 || jt > 255 || jf < 0 || jf > 255) {
      throw new IllegalArgumentException("jump offset out of range: " + jt + ", " + jf);
    }
  }

  @Override
  public String toString() {
    return "{ 0x%02x, %d, %d, 0x%08x }".formatted(code, jt, jf, k);
  }
}
