package io.wadns.protocol;

/** How a query arrived; it decides the size limit of the reply (RFC 1035 §4.2, RFC 7766). */
public enum Transport {
  UDP,
  TCP
}
