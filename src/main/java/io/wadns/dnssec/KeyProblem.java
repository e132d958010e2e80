package io.wadns.dnssec;

/**
 * One thing wrong with a key file, located so an operator can go straight to it. The message never
 * quotes private key material.
 *
 * @param file the key file as found in the keys folder
 * @param line 1-based line; 0 when the problem is the file as a whole (unreadable, too large, mode)
 */
public record KeyProblem(String file, int line, String message) {
  @Override
  public String toString() {
    return file + ":" + line + ": " + message;
  }
}
