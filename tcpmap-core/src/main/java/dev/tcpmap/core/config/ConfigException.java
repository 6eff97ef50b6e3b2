package dev.tcpmap.core.config;

/** A configuration key with an unknown name or an invalid value; the message names the key. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
