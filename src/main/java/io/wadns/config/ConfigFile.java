package io.wadns.config;

import io.wadns.text.AddressPrefix;
import io.wadns.transfer.NotifyTarget;
import io.wadns.transfer.TransferAcl;
import io.wadns.tsig.TsigKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Reads the YAML file of {@code serve --config FILE} into a {@link ServeConfig}. Every problem is a
 * {@link ConfigException} naming the file, the line and the key: an unknown key, a value of the
 * wrong kind, a number out of range, a name that is no domain name, a key that is not defined. The
 * file is hostile input until read: it is bounded in size and nesting, anchors and aliases are
 * refused, and a secret never appears in a message. Stateless.
 */
public final class ConfigFile {
  /** A configuration of thousands of zones fits in far less. */
  static final int MAX_BYTES = 1 << 20;
  /** The deepest nesting a valid file has is 4 levels; this leaves room for any layout. */
  private static final int MAX_DEPTH = 16;
  /** RFC 8945 §6 asks for keys at least as long as the hash; nothing needs more than this. */
  private static final int MAX_SECRET_BYTES = 1024;

  private static final Set<String> TOP = Set.of("listen", "http", "zones", "keys", "tsig", "transfer", "catalog",
      "secondary");
  private static final Set<String> KEY = Set.of("name", "algorithm", "secret", "secret-file");
  private static final Set<String> TRANSFER = Set.of("allow", "notify", "journal", "journal-size");
  private static final Set<String> SECONDARY = Set.of("store", "zones", "catalogs");
  private static final Set<String> FOLLOWED = Set.of("name", "primaries", "tsig");

  private final String file;
  private final Path folder;
  /** Key names defined in {@code tsig:}, for the references elsewhere. */
  private final Set<Name> keyNames = new HashSet<>();

  private ConfigFile(Path path) {
    this.file = path.toString();
    Path parent = path.toAbsolutePath().getParent();
    this.folder = parent == null ? Path.of("/") : parent;
  }

  /** The settings of {@code path}; relative paths in it are taken from the file's folder. */
  public static ServeConfig read(Path path) throws ConfigException {
    return new ConfigFile(path).read();
  }

  private ServeConfig read() throws ConfigException {
    Node root = compose(text());
    if (root == null || new YamlNode(file, root, "").isNull()) {
      return new ServeConfig(Path.of(file), List.of(), null, null, null, List.of(), TransferConfig.none(), null, null);
    }
    checkPlain(root, 0);
    Map<String, YamlNode> top = new YamlNode(file, root, "").mapping(TOP);
    // Keys first, whatever the order of the file: the other sections refer to them.
    List<TsigKey> keys = top.containsKey("tsig") ? tsig(top.get("tsig")) : List.of();
    List<InetSocketAddress> listen = new ArrayList<>();
    if (top.containsKey("listen")) {
      for (YamlNode n : top.get("listen").oneOrMore()) {
        listen.add(socket(n, -1));
      }
    }
    return new ServeConfig(Path.of(file), listen,
        top.containsKey("http") ? socket(top.get("http"), -1) : null,
        top.containsKey("zones") ? path(top.get("zones")) : null,
        top.containsKey("keys") ? path(top.get("keys")) : null,
        keys,
        top.containsKey("transfer") ? transfer(top.get("transfer")) : TransferConfig.none(),
        top.containsKey("catalog") ? name(top.get("catalog")) : null,
        top.containsKey("secondary") ? secondary(top.get("secondary")) : null);
  }

  // ---- the file

  private String text() throws ConfigException {
    byte[] bytes;
    try {
      if (Files.size(Path.of(file)) > MAX_BYTES) {
        throw new ConfigException(file, 0, "larger than " + MAX_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(Path.of(file));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ConfigException(file, 0, "no such file");
    } catch (java.nio.file.AccessDeniedException e) {
      throw new ConfigException(file, 0, "permission denied");
    } catch (IOException e) {
      throw new ConfigException(file, 0, "cannot be read: " + io.wadns.text.ErrorText.of(e));
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(file, 0, "not UTF-8 text");
    }
  }

  /** The document's tree with lines; syntax errors name the line and the problem, never the text. */
  private Node compose(String text) throws ConfigException {
    LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(false)
        .setAllowRecursiveKeys(false).setMaxAliasesForCollections(1).setCodePointLimit(MAX_BYTES)
        .setUseMarks(true).build();
    try {
      Optional<Node> node = new Compose(settings).composeString(text);
      return node.orElse(null);
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(Mark::getLine).orElse(-1) + 1;
      // The problem alone: the exception's own message quotes the lines around it, secrets included.
      throw new ConfigException(file, line, "not valid YAML: " + e.getProblem());
    } catch (YamlEngineException e) {
      throw new ConfigException(file, 0, "not valid YAML");
    } catch (StackOverflowError e) {
      throw new ConfigException(file, 0, "nested too deeply");
    }
  }

  /** No anchors or aliases (a value reused elsewhere is hard to read, and a way to blow up), bounded depth. */
  private void checkPlain(Node node, int depth) throws ConfigException {
    YamlNode at = new YamlNode(file, node, "");
    if (depth > MAX_DEPTH) {
      throw new ConfigException(file, at.line(), "nested more than " + MAX_DEPTH + " levels deep");
    }
    if (node.getAnchor().isPresent()) {
      throw new ConfigException(file, at.line(), "anchors and aliases (&, *) are not supported; write each value");
    }
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        checkPlain(t.getKeyNode(), depth + 1);
        checkPlain(t.getValueNode(), depth + 1);
      }
    } else if (node instanceof SequenceNode s) {
      for (Node item : s.getValue()) {
        checkPlain(item, depth + 1);
      }
    }
  }

  // ---- sections

  private List<TsigKey> tsig(YamlNode section) throws ConfigException {
    List<TsigKey> keys = new ArrayList<>();
    Map<Name, Integer> lines = new LinkedHashMap<>();
    for (YamlNode item : section.list()) {
      Map<String, YamlNode> k = item.mapping(KEY);
      Name name = name(required(item, k, "name"));
      Integer first = lines.putIfAbsent(name, item.line());
      if (first != null) {
        throw k.get("name").error("a second key named " + name + " (the first is at line " + first + ")");
      }
      YamlNode alg = required(item, k, "algorithm");
      Name algorithm = TsigKey.ALGORITHMS.get(alg.text().toLowerCase(Locale.ROOT));
      if (algorithm == null) {
        throw alg.error(YamlNode.quote(alg.text()) + " is not a TSIG algorithm wadns offers; one of "
            + String.join(", ", new java.util.TreeSet<>(TsigKey.ALGORITHMS.keySet())));
      }
      keys.add(new TsigKey(name, algorithm, secret(item, k)));
      keyNames.add(name);
    }
    return keys;
  }

  /** The secret, inline or from its file; no message here may quote it. */
  private byte[] secret(YamlNode item, Map<String, YamlNode> k) throws ConfigException {
    YamlNode inline = k.get("secret");
    YamlNode fromFile = k.get("secret-file");
    if ((inline == null) == (fromFile == null)) {
      throw item.error("give exactly one of secret and secret-file");
    }
    String base64;
    YamlNode where = inline != null ? inline : fromFile;
    if (inline != null) {
      base64 = inline.text();
    } else {
      Path secretFile = path(fromFile);
      try {
        base64 = SecretFile.read(secretFile);
      } catch (IOException e) {
        throw fromFile.error(secretFile + ": " + e.getMessage());
      }
    }
    byte[] secret;
    try {
      secret = Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw where.error("the secret is not base64 (as keymgr -t, tsig-keygen or openssl rand -base64 32 write it)");
    }
    if (secret.length == 0 || secret.length > MAX_SECRET_BYTES) {
      throw where.error("the secret must be 1-" + MAX_SECRET_BYTES + " bytes; it is " + secret.length);
    }
    return secret;
  }

  private TransferConfig transfer(YamlNode section) throws ConfigException {
    Map<String, YamlNode> t = section.mapping(TRANSFER);
    List<TransferAcl.Rule> rules = new ArrayList<>();
    if (t.containsKey("allow")) {
      for (YamlNode n : t.get("allow").oneOrMore()) {
        rules.add(rule(n));
      }
    }
    List<NotifyTarget> notify = new ArrayList<>();
    if (t.containsKey("notify")) {
      for (YamlNode n : t.get("notify").oneOrMore()) {
        String[] words = n.text().trim().split("\\s+");
        Name key = keyAfter(n, words, 1);
        notify.add(new NotifyTarget(socket(n, words[0], 53), key));
      }
    }
    Path journal = t.containsKey("journal") ? path(t.get("journal")) : folder.resolve("journal");
    long size = t.containsKey("journal-size") ? size(t.get("journal-size")) : TransferConfig.DEFAULT_JOURNAL_BYTES;
    return new TransferConfig(new TransferAcl(rules), notify, journal, size);
  }

  /** {@code PREFIX}, {@code key NAME}, or {@code PREFIX key NAME}. */
  private TransferAcl.Rule rule(YamlNode n) throws ConfigException {
    String[] words = n.text().trim().split("\\s+");
    if (words[0].equalsIgnoreCase("key")) {
      return new TransferAcl.Rule(null, keyAfter(n, words, 0));
    }
    AddressPrefix prefix;
    try {
      prefix = Addresses.prefix(words[0]);
    } catch (IllegalArgumentException e) {
      throw n.error(e.getMessage() + "; expected PREFIX, \"key NAME\" or \"PREFIX key NAME\"");
    }
    return new TransferAcl.Rule(prefix, keyAfter(n, words, 1));
  }

  /** The key named by {@code key NAME} at {@code words[at]}, or null when the words end there. */
  private Name keyAfter(YamlNode n, String[] words, int at) throws ConfigException {
    if (words.length == at) {
      return null;
    }
    if (words.length != at + 2 || !words[at].equalsIgnoreCase("key")) {
      throw n.error("expected \"key NAME\" after " + YamlNode.quote(words[0]));
    }
    return keyName(n, words[at + 1]);
  }

  private Name keyName(YamlNode n, String text) throws ConfigException {
    Name name = name(n, text);
    if (!keyNames.contains(name)) {
      throw n.error("no TSIG key named " + name + " in tsig:");
    }
    return name;
  }

  private SecondaryConfig secondary(YamlNode section) throws ConfigException {
    Map<String, YamlNode> s = section.mapping(SECONDARY);
    Path store = s.containsKey("store") ? path(s.get("store")) : folder.resolve("secondary");
    Set<Name> seen = new HashSet<>();
    List<SecondaryConfig.Followed> zones = followed(s.get("zones"), seen);
    List<SecondaryConfig.Followed> catalogs = followed(s.get("catalogs"), seen);
    return new SecondaryConfig(store, zones, catalogs);
  }

  private List<SecondaryConfig.Followed> followed(YamlNode list, Set<Name> seen) throws ConfigException {
    List<SecondaryConfig.Followed> out = new ArrayList<>();
    if (list == null) {
      return out;
    }
    for (YamlNode item : list.list()) {
      Map<String, YamlNode> z = item.mapping(FOLLOWED);
      Name name = name(required(item, z, "name"));
      if (!seen.add(name)) {
        throw z.get("name").error(name + " is listed twice");
      }
      List<InetSocketAddress> primaries = new ArrayList<>();
      for (YamlNode p : required(item, z, "primaries").oneOrMore()) {
        primaries.add(socket(p, 53));
      }
      if (primaries.isEmpty()) {
        throw z.get("primaries").error("at least one primary is needed");
      }
      Name key = z.containsKey("tsig") ? keyName(z.get("tsig"), z.get("tsig").text()) : null;
      out.add(new SecondaryConfig.Followed(name, primaries, key));
    }
    return out;
  }

  // ---- values

  private static YamlNode required(YamlNode item, Map<String, YamlNode> map, String key) throws ConfigException {
    YamlNode n = map.get(key);
    if (n == null) {
      throw item.error("missing " + key);
    }
    return n;
  }

  private InetSocketAddress socket(YamlNode n, int defaultPort) throws ConfigException {
    return socket(n, n.text(), defaultPort);
  }

  private static InetSocketAddress socket(YamlNode n, String text, int defaultPort) throws ConfigException {
    try {
      return Addresses.socket(text, defaultPort);
    } catch (IllegalArgumentException e) {
      throw n.error("invalid address " + YamlNode.quote(text) + ": " + e.getMessage());
    }
  }

  private Path path(YamlNode n) throws ConfigException {
    String text = n.text();
    if (text.indexOf('\0') >= 0 || text.length() > 4096) {
      throw n.error("not a usable path");
    }
    return folder.resolve(text).normalize();
  }

  private static Name name(YamlNode n) throws ConfigException {
    return name(n, n.text());
  }

  /** An absolute domain name; a name without its final dot is taken as absolute too. */
  private static Name name(YamlNode n, String text) throws ConfigException {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw n.error(YamlNode.quote(text) + " is not a domain name: " + e.getMessage().replace(text, "it"));
    }
  }

  /** Bytes, with an optional K, M or G (powers of 1024): {@code 16M}. */
  private static long size(YamlNode n) throws ConfigException {
    String text = n.text().trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    char last = text.charAt(text.length() - 1);
    if (last == 'K' || last == 'M' || last == 'G') {
      unit = last == 'K' ? 1L << 10 : last == 'M' ? 1L << 20 : 1L << 30;
      text = text.substring(0, text.length() - 1);
    }
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw n.error(YamlNode.quote(n.text()) + " is not a size (bytes, or a number with K, M or G)");
    }
    final long min = 64L << 10;
    final long max = 4L << 30;
    if (value < 0 || value > max / unit || value * unit < min) {
      throw n.error(YamlNode.quote(n.text()) + " is outside 64K-4G");
    }
    return value * unit;
  }
}
