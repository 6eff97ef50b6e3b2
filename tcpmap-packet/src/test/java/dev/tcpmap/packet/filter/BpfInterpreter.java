package dev.tcpmap.packet.filter;

import java.util.List;

/**
 * Runs classic BPF as the kernel does (for the opcodes {@link CaptureFilter} emits), so that the
 * filter can be tested on hand-made packets without a kernel. A load past the packet rejects it.
 */
final class BpfInterpreter {
  private BpfInterpreter() {}

  /** The filter's verdict: bytes to keep, 0 to drop. {@code protocol} is skb->protocol. */
  static int run(List<Insn> program, byte[] packet, int protocol) {
    int a = 0;
    int x = 0;
    int[] m = new int[16];
    for (int pc = 0; pc < program.size(); pc++) {
      Insn i = program.get(pc);
      int cls = i.code() & 0x07;
      switch (cls) {
        case Bpf.LD -> {
          int mode = i.code() & 0xe0;
          if (mode == Bpf.IMM) {
            a = i.k();
          } else if (mode == Bpf.MEM) {
            a = m[i.k()];
          } else if (mode == Bpf.ABS && i.k() == Bpf.ANCILLARY_PROTOCOL) {
            a = protocol;
          } else {
            long at = (mode == Bpf.IND ? x : 0) + (long) i.k();
            int size =
                switch (i.code() & 0x18) {
                  case Bpf.W -> 4;
                  case Bpf.H -> 2;
                  default -> 1;
                };
            if (at < 0 || at + size > packet.length) {
              return 0;
            }
            a = 0;
            for (int b = 0; b < size; b++) {
              a = a << 8 | (packet[(int) at + b] & 0xff);
            }
          }
        }
        case Bpf.LDX -> x = (i.code() & 0xe0) == Bpf.MEM ? m[i.k()] : i.k();
        case Bpf.ST -> m[i.k()] = a;
        case Bpf.STX -> m[i.k()] = x;
        case Bpf.ALU -> {
          int operand = (i.code() & Bpf.X) != 0 ? x : i.k();
          a =
              switch (i.code() & 0xf0) {
                case Bpf.ADD -> a + operand;
                case Bpf.SUB -> a - operand;
                case Bpf.AND -> a & operand;
                case Bpf.LSH -> a << operand;
                case Bpf.RSH -> a >>> operand;
                default -> throw new IllegalStateException("alu " + i);
              };
        }
        case Bpf.JMP -> {
          int op = i.code() & 0xf0;
          if (op == Bpf.JA) {
            pc += i.k();
          } else {
            boolean taken =
                switch (op) {
                  case Bpf.JEQ -> a == i.k();
                  case Bpf.JGT -> Integer.compareUnsigned(a, i.k()) > 0;
                  case Bpf.JGE -> Integer.compareUnsigned(a, i.k()) >= 0;
                  case Bpf.JSET -> (a & i.k()) != 0;
                  default -> throw new IllegalStateException("jump " + i);
                };
            pc += taken ? i.jt() : i.jf();
          }
        }
        case Bpf.RET -> {
          return i.k();
        }
        case Bpf.MISC -> {
          if ((i.code() & 0xf8) == Bpf.TXA) {
            a = x;
          } else {
            x = a;
          }
        }
        default -> throw new IllegalStateException("opcode " + i);
      }
    }
    throw new IllegalStateException("program fell off its end");
  }
}
