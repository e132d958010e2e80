package io.wadns.cli;

import io.wadns.text.AddressPrefix;
import picocli.CommandLine;

/** Parses a CIDR prefix given on the command line ({@code --health-allow}), never looking a name up. */
final class AddressPrefixConverter implements CommandLine.ITypeConverter<AddressPrefix> {
  @Override
  public AddressPrefix convert(String value) {
    try {
      return AddressPrefix.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
