package io.wadns.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The bearer token (RFC 6750 §2.1) that {@code POST /reload} requires, read once at start from a
 * file only its owner may read, as ssh requires of a private key. It is never logged, shown or
 * echoed; {@link #toString()} hides it. Immutable.
 */
final class HttpToken {
  /** Far more than any token needs: a file this big is the wrong file. */
  static final int MAX_FILE_BYTES = 4096;
  private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
  private static final String SCHEME = "Bearer ";

  private final byte[] secret;

  private HttpToken(byte[] secret) {
    this.secret = secret;
  }

  /**
   * The token in {@code file}: one line of visible ASCII (the characters a header can carry), an
   * end of line allowed. Refuses a file that group or others may read or write, an empty one, and
   * anything else that is not one token.
   */
  static HttpToken read(Path file) throws HttpTokenFileException {
    byte[] bytes;
    try {
      PosixFileAttributes attributes = posixAttributes(file);
      if (attributes != null) {
        if (!attributes.isRegularFile()) {
          throw new HttpTokenFileException(file, "not a regular file");
        }
        Set<PosixFilePermission> open = EnumSet.copyOf(attributes.permissions());
        open.retainAll(OTHERS);
        if (!open.isEmpty()) {
          throw new HttpTokenFileException(file, "readable or writable by group or others ("
              + PosixFilePermissions.toString(attributes.permissions()) + "); chmod 600 " + file);
        }
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new HttpTokenFileException(file, "larger than " + MAX_FILE_BYTES + " bytes; it should hold one token");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new HttpTokenFileException(file, "no such file");
    } catch (AccessDeniedException e) {
      throw new HttpTokenFileException(file, "permission denied");
    } catch (HttpTokenFileException e) {
      throw e;
    } catch (IOException e) {
      throw new HttpTokenFileException(file, "cannot be read: " + io.wadns.text.ErrorText.of(e));
    }
    int end = bytes.length;
    while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
      end--;
    }
    if (end == 0) {
      throw new HttpTokenFileException(file, "empty; write one token in it, e.g. openssl rand -hex 32");
    }
    for (int i = 0; i < end; i++) {
      if (bytes[i] < 0x21 || bytes[i] > 0x7e) {
        throw new HttpTokenFileException(file, "must hold one token on one line: visible ASCII characters,"
            + " no spaces");
      }
    }
    return new HttpToken(java.util.Arrays.copyOf(bytes, end));
  }

  /** A token for tests. */
  static HttpToken of(String token) {
    return new HttpToken(token.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * True when the request's Authorization headers are exactly one, {@code Bearer TOKEN} (the scheme
   * in any case, RFC 9110 §11.1) with this token. Compared in constant time, so how long a wrong
   * guess takes tells nothing of the token.
   */
  boolean matches(List<String> authorization) {
    if (authorization.size() != 1) {
      return false;
    }
    String value = authorization.get(0).trim();
    if (value.length() <= SCHEME.length() || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return false;
    }
    byte[] given = value.substring(SCHEME.length()).trim().getBytes(StandardCharsets.US_ASCII);
    // The loop of isEqual runs over its first argument, so the time depends on the token's length only.
    return MessageDigest.isEqual(secret, given);
  }

  @Override
  public String toString() {
    return "HttpToken[hidden]";
  }

  /** The file's owner-group-others permissions; null on a file system without them. */
  private static PosixFileAttributes posixAttributes(Path file) throws IOException {
    try {
      return Files.readAttributes(file, PosixFileAttributes.class);
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }
}
