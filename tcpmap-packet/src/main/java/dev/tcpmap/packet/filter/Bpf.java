package dev.tcpmap.packet.filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small assembler for classic BPF (the {@code SO_ATTACH_FILTER} dialect of {@code
 * linux/filter.h}) with named labels, so that a filter reads as a program rather than as jump
 * offsets. Jumps go forward only (the kernel rejects backward jumps); {@link #build()} resolves the
 * labels and checks that every offset fits in 8 bits. Not thread safe; one per program.
 */
final class Bpf {
  // Instruction classes, sizes, modes, operations and sources (linux/bpf_common.h).
  static final int LD = 0x00;
  static final int LDX = 0x01;
  static final int ST = 0x02;
  static final int STX = 0x03;
  static final int ALU = 0x04;
  static final int JMP = 0x05;
  static final int RET = 0x06;
  static final int MISC = 0x07;
  static final int W = 0x00;
  static final int H = 0x08;
  static final int B = 0x10;
  static final int IMM = 0x00;
  static final int ABS = 0x20;
  static final int IND = 0x40;
  static final int MEM = 0x60;
  static final int ADD = 0x00;
  static final int SUB = 0x10;
  static final int LSH = 0x60;
  static final int RSH = 0x70;
  static final int AND = 0x50;
  static final int JA = 0x00;
  static final int JEQ = 0x10;
  static final int JGT = 0x20;
  static final int JGE = 0x30;
  static final int JSET = 0x40;
  static final int K = 0x00;
  static final int X = 0x08;
  static final int TAX = 0x00;
  static final int TXA = 0x80;

  /** {@code SKF_AD_OFF + SKF_AD_PROTOCOL}: loads {@code skb->protocol} (host order). */
  static final int ANCILLARY_PROTOCOL = -0x1000;

  private record Pending(int code, String ifTrue, String ifFalse, int k) {}

  private final List<Pending> code = new ArrayList<>();
  private final Map<String, Integer> labels = new HashMap<>();

  /** Marks the next instruction as {@code label}. */
  Bpf label(String label) {
    if (labels.putIfAbsent(label, code.size()) != null) {
      throw new IllegalArgumentException("label defined twice: " + label);
    }
    return this;
  }

  /** A non-jump instruction. */
  Bpf op(int opcode, int k) {
    code.add(new Pending(opcode, null, null, k));
    return this;
  }

  /** A conditional jump: to {@code ifTrue} or {@code ifFalse}; null means the next instruction. */
  Bpf jump(int condition, int k, String ifTrue, String ifFalse) {
    code.add(new Pending(JMP | condition | K, ifTrue, ifFalse, k));
    return this;
  }

  /** An unconditional jump to {@code label}. */
  Bpf jumpAlways(String label) {
    code.add(new Pending(JMP | JA, label, null, 0));
    return this;
  }

  /** The program with every label resolved. */
  List<Insn> build() {
    List<Insn> out = new ArrayList<>(code.size());
    for (int at = 0; at < code.size(); at++) {
      Pending p = code.get(at);
      if ((p.code & 0x07) == JMP && (p.code & 0xf0) == JA) {
        out.add(new Insn(p.code, 0, 0, offset(at, p.ifTrue)));
      } else if ((p.code & 0x07) == JMP) {
        out.add(new Insn(p.code, offset(at, p.ifTrue), offset(at, p.ifFalse), p.k));
      } else {
        out.add(new Insn(p.code, 0, 0, p.k));
      }
    }
    return List.copyOf(out);
  }

  private int offset(int at, String label) {
    if (label == null) {
      return 0;
    }
    Integer target = labels.get(label);
    if (target == null) {
      throw new IllegalStateException("undefined label: " + label);
    }
    int offset = target - at - 1;
    if (offset < 0 || offset > 255) {
      throw new IllegalStateException("jump to " + label + " out of range: " + offset);
    }
    return offset;
  }
}
