package io.wadns.e2e;

import java.net.InetSocketAddress;

/** A DNS server process under test. */
interface ServerUnderTest extends AutoCloseable {
    InetSocketAddress address();

    String name();

    /** The server's console output so far, for failure messages. */
    String output();

    @Override
    void close();
}
