package io.wadns.transfer;

import java.net.InetSocketAddress;
import org.xbill.DNS.Name;

/**
 * A secondary told of every change of a primary zone (RFC 1996).
 *
 * @param address where its NOTIFY goes (UDP)
 * @param key the TSIG key to sign it with, or null
 */
public record NotifyTarget(InetSocketAddress address, Name key) {
}
