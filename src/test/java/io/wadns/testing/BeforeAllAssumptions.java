package io.wadns.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * An assumption that fails in a {@code @BeforeAll} method (a program the class needs is missing, say) skips each
 * test of the class, with the assumption's message as the reason. Left alone, JUnit aborts the class as one, and
 * surefire and failsafe then report no test of it at all, neither run nor skipped (SUREFIRE-2300): a missing
 * knotd would look like a green differential test. Registered for every test by JUnit's extension autodetection
 * (junit-platform.properties).
 */
public final class BeforeAllAssumptions implements LifecycleMethodExecutionExceptionHandler, ExecutionCondition {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(BeforeAllAssumptions.class);
  private static final String REASON = "reason the class is skipped";

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    String earlier = context.getStore(NAMESPACE).get(REASON, String.class);
    if (earlier != null) {
      // A later @BeforeAll method may fail for want of what the assumption checked; no test will run anyway.
      return;
    }
    if (!(throwable instanceof TestAbortedException)) {
      throw throwable;
    }
    context.getStore(NAMESPACE).put(REASON, String.valueOf(throwable.getMessage()));
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    // The store of a test falls back to that of its class, where the reason was put.
    String reason = context.getStore(NAMESPACE).get(REASON, String.class);
    return reason == null
        ? ConditionEvaluationResult.enabled("no assumption failed in @BeforeAll")
        : ConditionEvaluationResult.disabled(reason);
  }
}
