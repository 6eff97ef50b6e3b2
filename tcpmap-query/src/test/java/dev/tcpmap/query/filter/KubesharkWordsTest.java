package dev.tcpmap.query.filter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubesharkWordsTest {

  @ParameterizedTest
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '`',
      value = {
        "a and b => a &&  b",
        "a or b => a || b",
        "not a => !   a",
        "not(a) => !  (a)",
        "(x==1)and(y==2) => (x==1)&& (y==2)",
        "band or android => band || android",
        "x.and == 'and' or y => x.and == 'and' || y",
        "`\"a \\\" and b\" or c` => `\"a \\\" and b\" || c`",
        "`'''it's and''' and r'\\' or x` => `'''it's and''' &&  r'\\' || x`",
        "`\"unterminated and` => `\"unterminated and`",
        "AND or Or => AND || Or"
      })
  void rewrite_keepsLengthAndOnlyRewritesWholeWordsOutsideStrings(String text, String expected) {
    String rewritten = KubesharkWords.rewrite(text);

    assertThat(rewritten).isEqualTo(expected).hasSameSizeAs(text);
  }
}
