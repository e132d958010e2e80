package io.wadns.resolve;

import io.wadns.weighted.Pick;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Record;

/**
 * The sections of an answer while the resolver collects them, and what it learns on the way. Confined
 * to the thread answering; frozen into one of the {@link Answer} outcomes at the end.
 */
final class AnswerBuilder {
  final List<Record> answer = new ArrayList<>(8);
  final List<Record> authority = new ArrayList<>(4);
  final List<Record> additional = new ArrayList<>(4);
  private int requiredAdditional;
  private boolean variable;
  private boolean existingName;
  private Pick picked;

  void requireAdditional(int count) {
    requiredAdditional = count;
  }

  /** The answer can change between queries (a pick, health, synthesis, ANY): never cache its bytes. */
  void markVariable() {
    variable = true;
  }

  void markExistingName() {
    existingName = true;
  }

  void picked(Pick pick) {
    picked = pick;
  }

  private Sections sections() {
    return new Sections(answer, authority, additional, requiredAdditional);
  }

  private Answer.Facts facts() {
    return new Answer.Facts(!variable, existingName, picked);
  }

  Answer positive() {
    return new Answer.Positive(sections(), facts());
  }

  Answer noData() {
    return new Answer.NoData(sections(), facts());
  }

  Answer nameError() {
    return new Answer.NameError(sections(), facts());
  }

  Answer referral() {
    return new Answer.Referral(sections(), facts());
  }

  Answer nameTooLong() {
    return new Answer.NameTooLong(sections(), facts());
  }
}
