package io.wadns.dnssec;

import java.nio.file.Path;

/** A key file that cannot be used; its message is the {@link KeyProblem}, with no secret in it. */
public final class KeyFileException extends Exception {
  private final KeyProblem problem;

  KeyFileException(Path file, int line, String message) {
    this(new KeyProblem(file.toString(), line, message));
  }

  KeyFileException(KeyProblem problem) {
    // No cause is kept: a JCA exception's message may describe the key it rejected.
    super(problem.toString(), null, false, false);
    this.problem = problem;
  }

  public KeyProblem problem() {
    return problem;
  }
}
