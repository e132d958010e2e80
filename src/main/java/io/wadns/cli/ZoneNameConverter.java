package io.wadns.cli;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine;

/** Parses a zone name given on the command line; {@code example.com} and {@code example.com.} are the same zone. */
final class ZoneNameConverter implements CommandLine.ITypeConverter<Name> {
  @Override
  public Name convert(String value) {
    try {
      return Name.fromString(value, Name.root);
    } catch (TextParseException e) {
      throw new CommandLine.TypeConversionException("invalid zone name: " + e.getMessage());
    }
  }
}
