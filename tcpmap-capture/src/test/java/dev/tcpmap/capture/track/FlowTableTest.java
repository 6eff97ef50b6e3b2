package dev.tcpmap.capture.track;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.core.model.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FlowTableTest {

  private static TcpSegment segment(int i, boolean reversed) {
    TcpConversation c =
        new TcpConversation(IpAddress.v4(0x0A00_0000 + i % 300), 30_000 + i, IpAddress.v4(7), 80);
    return reversed ? c.serverData(0, 0) : c.clientData(0, 0);
  }

  private static int insert(FlowTable table, TcpSegment s) {
    int at = table.insert(s);
    table.array()[at + FlowTable.STATE] = 1;
    return at;
  }

  @Test
  void find_eitherDirection_findsTheEntryAndSaysWhichWay() {
    FlowTable table = new FlowTable(1024, 1);
    int at = insert(table, segment(1, false));

    assertThat(table.find(segment(1, true))).isEqualTo(at);
    assertThat(table.srcIsA).isFalse();
    assertThat(table.find(segment(1, false))).isEqualTo(at);
    assertThat(table.srcIsA).isTrue();
    assertThat(table.find(segment(2, false))).isEqualTo(-1);
  }

  @Test
  void find_v6AddressesDifferingInHighBits_areDifferentEntries() {
    FlowTable table = new FlowTable(1024, 1);
    TcpSegment first =
        new TcpConversation(IpAddress.v6(1, 5), 1, IpAddress.v6(2, 5), 2).clientData(0, 0);
    TcpSegment second =
        new TcpConversation(IpAddress.v6(3, 5), 1, IpAddress.v6(2, 5), 2).clientData(0, 0);
    insert(table, first);

    assertThat(table.find(second)).isEqualTo(-1);
  }

  @Test
  void removeAndGrow_randomOperations_matchAModel() {
    FlowTable table = new FlowTable(20_000, 42);
    SplittableRandom random = new SplittableRandom(7);
    boolean[] present = new boolean[20_000];
    for (int round = 0; round < 100_000; round++) {
      int i = random.nextInt(present.length);
      int at = table.find(segment(i, random.nextBoolean()));
      if (present[i]) {
        assertThat(at).isNotNegative();
        if (random.nextInt(3) == 0) {
          table.remove(at);
          present[i] = false;
        }
      } else {
        assertThat(at).isEqualTo(-1);
        insert(table, segment(i, false));
        present[i] = true;
      }
    }
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < present.length; i++) {
      assertThat(table.find(segment(i, false)) >= 0).as("entry %d", i).isEqualTo(present[i]);
      if (present[i]) {
        expected.add(i);
      }
    }
    assertThat(table.size()).isEqualTo(expected.size());
    assertThat(table.slots()).isEqualTo(32_768);
  }

  @Test
  void clear_dropsEverythingKeepsCapacity() {
    FlowTable table = new FlowTable(5_000, 3);
    for (int i = 0; i < 5_000; i++) {
      insert(table, segment(i, false));
    }
    table.clear();

    assertThat(table.size()).isZero();
    assertThat(table.slots()).isEqualTo(8_192);
    assertThat(table.find(segment(3, false))).isEqualTo(-1);
  }
}
