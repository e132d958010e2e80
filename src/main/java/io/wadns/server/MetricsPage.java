package io.wadns.server;

import java.util.function.Supplier;

/**
 * What {@code GET /metrics} serves: a body rendered on each request and its content type. Kept
 * abstract so the HTTP endpoint does not depend on a metrics library.
 */
public record MetricsPage(String contentType, Supplier<byte[]> body) {}
