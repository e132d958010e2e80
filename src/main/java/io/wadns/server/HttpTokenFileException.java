package io.wadns.server;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The token file of {@code --http-token-file} cannot serve: missing, unreadable, open to other users,
 * empty or not one token. The message is one line naming the file and what to do, never the token,
 * so the command line can print it as it is.
 */
public final class HttpTokenFileException extends IOException {
  HttpTokenFileException(Path file, String problem) {
    super("--http-token-file " + file + ": " + problem);
  }
}
