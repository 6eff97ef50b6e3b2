package dev.tcpmap.bench;

import static dev.tcpmap.capture.decode.TcpSegment.ACK;
import static dev.tcpmap.capture.decode.TcpSegment.FIN;
import static dev.tcpmap.capture.decode.TcpSegment.PSH;
import static dev.tcpmap.capture.decode.TcpSegment.RST;
import static dev.tcpmap.capture.decode.TcpSegment.SYN;

import dev.tcpmap.capture.decode.TcpSegment;
import java.util.SplittableRandom;

/** One synthetic TCP flow of {@link SyntheticTraffic}: a small state machine over its packets. */
final class SyntheticFlow {
  private static final int[] SERVER_PORTS = {443, 80, 5432, 8080, 6379, 8443, 3000, 30_080};
  private static final long MASK32 = 0xFFFF_FFFFL;

  private enum Ending {
    FIN,
    RST,
    REFUSED,
    UNANSWERED,
    OPEN
  }

  private enum Stage {
    SYN,
    SYN_ACK,
    ACK,
    DATA,
    FIN,
    FIN_ACK,
    LAST_ACK,
    DONE
  }

  private final boolean v6;
  private final boolean vlan;
  private final long clientHigh;
  private final long clientLow;
  private final long serverHigh;
  private final long serverLow;
  private final int clientPort;
  private final int serverPort;
  private final Ending ending;
  private final boolean clientCloses;
  private long clientNext;
  private long serverNext;
  private int dataSteps;
  private Stage stage;
  private int syns;
  private boolean lastFromClient;
  private long lastSeq;
  private int lastLength;

  SyntheticFlow(int id, SplittableRandom random, int dataSteps) {
    v6 = random.nextInt(5) == 0;
    vlan = !v6 && random.nextInt(9) == 0;
    clientHigh = v6 ? 0x2001_0DB8_0000_0000L : 0;
    clientLow = v6 ? id : 0x0A00_0000L | (id & 0xFF_FFFF);
    serverHigh = v6 ? 0x2001_0DB8_0001_0000L : 0;
    serverLow = (v6 ? 0 : 0xC0A8_0000L) | (1 + id % 200);
    clientPort = 32_768 + (int) ((id * 7L) % 28_000);
    serverPort = SERVER_PORTS[random.nextInt(SERVER_PORTS.length)];
    clientNext = random.nextLong() & MASK32;
    serverNext = random.nextLong() & MASK32;
    this.dataSteps = dataSteps;
    int dice = random.nextInt(100);
    ending =
        dice < 85
            ? Ending.FIN
            : dice < 92
                ? Ending.RST
                : dice < 96 ? Ending.REFUSED : dice < 98 ? Ending.UNANSWERED : Ending.OPEN;
    clientCloses = random.nextBoolean();
    stage = ending != Ending.REFUSED && random.nextInt(100) == 0 ? Stage.DATA : Stage.SYN;
  }

  boolean vlan() {
    return vlan;
  }

  /** Writes the flow's next packet; false when the flow has no more. */
  boolean next(TcpSegment s, SplittableRandom random, long time) {
    s.timestampNanos = time;
    switch (stage) {
      case SYN -> {
        fill(s, true, SYN, clientNext, 0, 0);
        syns++;
        if (ending != Ending.UNANSWERED) {
          clientNext = (clientNext + 1) & MASK32;
          stage = Stage.SYN_ACK;
        } else if (syns == 3) {
          stage = Stage.DONE;
        }
      }
      case SYN_ACK -> {
        if (ending == Ending.REFUSED) {
          fill(s, false, RST | ACK, 0, clientNext, 0);
          stage = Stage.DONE;
        } else {
          fill(s, false, SYN | ACK, serverNext, clientNext, 0);
          serverNext = (serverNext + 1) & MASK32;
          stage = Stage.ACK;
        }
      }
      case ACK -> {
        fill(s, true, ACK, clientNext, serverNext, 0);
        stage = Stage.DATA;
      }
      case DATA -> {
        if (dataSteps-- > 0) {
          data(s, random);
        } else if (ending == Ending.RST) {
          fill(s, random.nextBoolean(), RST | ACK, -1, -1, 0);
          stage = Stage.DONE;
        } else if (ending == Ending.FIN) {
          stage = Stage.FIN;
          return next(s, random, time);
        } else {
          return false;
        }
      }
      case FIN -> close(s, clientCloses, FIN | ACK, Stage.FIN_ACK, 1);
      case FIN_ACK -> close(s, !clientCloses, FIN | ACK, Stage.LAST_ACK, 1);
      case LAST_ACK -> close(s, clientCloses, ACK, Stage.DONE, 0);
      case DONE -> {
        return false;
      }
    }
    return true;
  }

  private void close(TcpSegment s, boolean fromClient, int flags, Stage then, int finLength) {
    fill(s, fromClient, flags, -1, -1, 0);
    if (fromClient) {
      clientNext = (clientNext + finLength) & MASK32;
    } else {
      serverNext = (serverNext + finLength) & MASK32;
    }
    stage = then;
  }

  /** Data (73 %), a pure ACK (25 %) or a retransmission of the last data segment (2 %). */
  private void data(TcpSegment s, SplittableRandom random) {
    int dice = random.nextInt(100);
    boolean fromClient = random.nextInt(10) < 3;
    if (dice < 2 && lastLength > 0) {
      fill(s, lastFromClient, PSH | ACK, lastSeq, -1, lastLength);
    } else if (dice < 27) {
      fill(s, fromClient, ACK, -1, -1, 0);
    } else {
      int length = random.nextBoolean() ? 1 + random.nextInt(200) : 200 + random.nextInt(1_249);
      fill(s, fromClient, PSH | ACK, -1, -1, length);
      lastFromClient = fromClient;
      lastSeq = s.seq;
      lastLength = length;
      if (fromClient) {
        clientNext = (clientNext + length) & MASK32;
      } else {
        serverNext = (serverNext + length) & MASK32;
      }
    }
  }

  /** Fills the segment; a seq or ack of -1 means the sender's next sequence number or ack. */
  private void fill(TcpSegment s, boolean fromClient, int flags, long seq, long ack, int length) {
    s.v6 = v6;
    s.srcHigh = fromClient ? clientHigh : serverHigh;
    s.srcLow = fromClient ? clientLow : serverLow;
    s.dstHigh = fromClient ? serverHigh : clientHigh;
    s.dstLow = fromClient ? serverLow : clientLow;
    s.srcPort = fromClient ? clientPort : serverPort;
    s.dstPort = fromClient ? serverPort : clientPort;
    s.seq = seq >= 0 ? seq : fromClient ? clientNext : serverNext;
    s.ack = ack >= 0 ? ack : fromClient ? serverNext : clientNext;
    s.flags = flags;
    s.payloadLength = length;
    s.windowScale = (flags & SYN) != 0 ? 7 : -1;
  }
}
