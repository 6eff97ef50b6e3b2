package dev.tcpmap.api.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/** Content coding: whether a client takes gzip, and the whole body gzipped at once. */
public final class Gzip {
  private static final Pattern ZERO_QUALITY = Pattern.compile("q=0(\\.0{0,3})?");

  private Gzip() {}

  /** Whether any of the {@code Accept-Encoding} values lists gzip with a non-zero quality. */
  public static boolean accepted(List<String> acceptEncoding) {
    for (String header : acceptEncoding) {
      for (String coding : header.split(",")) {
        String[] parts = coding.trim().toLowerCase(Locale.ROOT).split(";");
        if (parts[0].trim().equals("gzip") && !zeroQuality(parts)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean zeroQuality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      if (ZERO_QUALITY.matcher(parts[i].trim().replace(" ", "")).matches()) {
        return true;
      }
    }
    return false;
  }

  /** {@code bytes} as one gzip member. */
  public static byte[] compress(byte[] bytes) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("a ByteArrayOutputStream does not fail", e);
    }
    return buffer.toByteArray();
  }
}
