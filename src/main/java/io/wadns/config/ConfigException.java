package io.wadns.config;

/**
 * A configuration file that cannot be used, with where and why: {@code FILE:LINE: key: what is
 * wrong}. The message quotes at most a short, escaped piece of the file, and never a secret.
 */
public final class ConfigException extends Exception {
  private final String file;
  private final int line;

  ConfigException(String file, int line, String message) {
    super(line > 0 ? file + ":" + line + ": " + message : file + ": " + message);
    this.file = file;
    this.line = line;
  }

  public String file() {
    return file;
  }

  /** The line, from 1; 0 when the problem is with the whole file. */
  public int line() {
    return line;
  }
}
