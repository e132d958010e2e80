package io.wadns.health;

import java.net.InetAddress;
import org.xbill.DNS.Name;

/**
 * One address a zone asks to be probed: the group (the owner of the HEALTHCHECK record), the address,
 * its key in the {@link HealthView}, and how to probe it. A value: zones carry these as part of their
 * configuration, and publishing them to the {@link HealthRegistry} starts or stops probes.
 */
public record CheckedAddress(int key, Name group, InetAddress address, CheckSpec spec) {}
