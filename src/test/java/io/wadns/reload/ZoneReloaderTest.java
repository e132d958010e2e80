package io.wadns.reload;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.wadns.health.AddressHealth;
import io.wadns.health.HealthRegistry;
import io.wadns.health.ProbeResult;
import io.wadns.reload.ReloadResult.Change;
import io.wadns.reload.ReloadResult.FileOutcome;
import io.wadns.testing.LogCapture;
import io.wadns.zone.Node;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import io.wadns.zonefile.ZoneLoader;
import io.wadns.zonefile.ZoneProblem;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Reloading a zones folder: what is parsed again, what is swapped in, what is kept, what is reported. */
class ZoneReloaderTest {
  static final String A_ZONE = """
      $ORIGIN a.example.
      $TTL 60
      @ IN SOA ns1 hostmaster %d 7200 900 1209600 300
      @ NS ns1
      ns1 A 192.0.2.53
      www A %s
      """; // www is line 6
  static final String B_ZONE = """
      $ORIGIN b.example.
      $TTL 60
      @ IN SOA ns1 hostmaster 1 7200 900 1209600 300
      @ NS ns1
      ns1 A 192.0.2.54
      """;
  static final String CHECKED_ZONE = """
      $ORIGIN c.example.
      $TTL 60
      @ IN SOA ns1 hostmaster %d 7200 900 1209600 300
      @ NS ns1
      ns1 A 192.0.2.55
      api A 192.0.2.1
      api A 192.0.2.2
      api HEALTHCHECK tcp port=443 interval=1 timeout=0.5 rise=2 fall=2
      """;

  @TempDir Path dir;
  HealthRegistry health;
  ZoneReloader reloader;
  @RegisterExtension final LogCapture log = LogCapture.of("wadns");

  @BeforeEach
  void setUp() {
    health = new HealthRegistry(Clock.systemUTC());
    reloader = new ZoneReloader(dir, health);
  }

  void write(String file, String text) throws IOException {
    Files.writeString(dir.resolve(file), text);
  }

  void loadInitial() {
    ReloadResult result = reloader.loadInitial();
    assertThat(result.problems()).isEmpty();
  }

  Zone zone(String origin) {
    return reloader.current().find(Name.fromConstantString(origin));
  }

  String wwwAddress() {
    Node node = zone("a.example.").node(Name.fromConstantString("www.a.example."));
    return ((ARecord) node.get(Type.A).first()).getAddress().getHostAddress();
  }

  static List<String> changes(ReloadResult result) {
    return result.files().stream()
        .map(f -> f.change() + " " + Path.of(f.file()).getFileName())
        .collect(Collectors.toList());
  }

  List<String> problems(ReloadResult result) {
    return result.problems().stream().map(p -> p.toString().replace(dir + "/", "")).collect(Collectors.toList());
  }

  @Test
  void unchangedFilesAreNotParsedAgain() throws IOException {
    write("a.example.zone", A_ZONE.formatted(1, "192.0.2.1"));
    write("b.example.zone", B_ZONE);
    loadInitial();
    Zone a = zone("a.example.");
    Zone b = zone("b.example.");
    ZoneSet before = reloader.current();

    ReloadResult result = reloader.reload();

    assertThat(result.ok()).isTrue();
    assertThat(changes(result)).containsExactly("UNCHANGED a.example.zone", "UNCHANGED b.example.zone");
    assertThat(zone("a.example.")).isSameAs(a);
    assertThat(zone("b.example.")).isSameAs(b);
    assertThat(reloader.current()).as("nothing changed: the snapshot stays, caches on it stay warm")
        .isSameAs(before);
  }

  /** Files last changed more than two seconds before a read are known from their stamps afterwards. */
  static void letTheFilesSettle() {
    try {
      Thread.sleep(2_200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void settledFilesAreKeptFromTheirStampsAndAnEditAfterwardsIsSeen() throws Exception {
    write("a.example.zone", A_ZONE.formatted(1, "192.0.2.1"));
    write("b.example.zone", B_ZONE);
    letTheFilesSettle();
    loadInitial();
    Zone b = zone("b.example.");
    ZoneSet before = reloader.current();
    assertThat(changes(reloader.reload())).containsExactly("UNCHANGED a.example.zone", "UNCHANGED b.example.zone");
    assertThat(reloader.current()).isSameAs(before);

    // Rewritten in place, the same size, its modification time put back: only the change time moved.
    Path a = dir.resolve("a.example.zone");
    java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(a);
    Thread.sleep(20); // past a tick of the clock that stamps files
    write("a.example.zone", A_ZONE.formatted(2, "192.0.2.2"));
    Files.setLastModifiedTime(a, modified);
    assertThat(changes(reloader.reload())).containsExactly("RELOADED a.example.zone", "UNCHANGED b.example.zone");
    assertThat(wwwAddress()).isEqualTo("192.0.2.2");
    assertThat(zone("b.example.")).isSameAs(b);

    Files.delete(a);
    assertThat(changes(reloader.reload())).containsExactly("REMOVED a.example.zone", "UNCHANGED b.example.zone");
    assertThat(zone("a.example.")).isNull();
  }

  @Test
  void filesReadJustAfterTheyWereWrittenAreReadAgainOnceSettledAndNothingServedChanges() throws Exception {
    long written = System.nanoTime();
    write("a.example.zone", A_ZONE.formatted(1, "192.0.2.1"));
    write("b.example.zone", B_ZONE);
    loadInitial(); // within two seconds of the writes: their stamps cannot be trusted yet
    Zone a = zone("a.example.");
    ZoneSet before = reloader.current();
    Path aFile = dir.resolve("a.example.zone");
    if (System.nanoTime() - written < 1_500_000_000L) { // else they had settled by their read
      assertThat(reloader.sourcesOf(aFile).awaitsSettling()).isTrue();
      assertThat(reloader.settle(() -> false)).as("too young to settle").isZero();
      assertThat(reloader.sourcesOf(aFile).awaitsSettling()).isTrue();
    }

    // b changes (no reload asked for); a stays as it was.
    write("b.example.zone", B_ZONE.replace("192.0.2.54", "192.0.2.55"));
    letTheFilesSettle();
    assertThat(reloader.settle(() -> true)).as("a reload is waiting: it goes first").isZero();
    assertThat(reloader.sourcesOf(aFile).awaitsSettling()).isTrue();
    assertThat(reloader.settle(() -> false)).as("a settled; b changed since its load, left to the next reload")
        .isEqualTo(1);
    assertThat(reloader.sourcesOf(aFile).awaitsSettling()).as("a is known from its stamp from now on").isFalse();
    assertThat(reloader.sourcesOf(aFile).aloneAndUnchanged()).isTrue();
    assertThat(reloader.current()).as("nothing served changes").isSameAs(before);
    assertThat(reloader.settle(() -> false)).as("nothing left to do").isZero();

    assertThat(changes(reloader.reload())).containsExactly("UNCHANGED a.example.zone", "RELOADED b.example.zone");
    assertThat(zone("a.example.")).isSameAs(a);
    assertThat(zone("b.example.").node(Name.fromConstantString("ns1.b.example.")).get(Type.A).first().rdataToString())
        .isEqualTo("192.0.2.55");
  }

  @Test
  void aTouchedFileWithTheSameBytesIsNotParsedAgain() throws IOException {
    write("a.example.zone", A_ZONE.formatted(1, "192.0.2.1"));
    loadInitial();
    Zone a = zone("a.example.");
    Files.setLastModifiedTime(dir.resolve("a.example.zone"),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));

    assertThat(changes(reloader.reload())).containsExactly("UNCHANGED a.example.zone");
    assertThat(zone("a.example.")).isSameAs(a);
  }

  @Test
  void changedZoneIsSwappedInAndTheOthersAreKept() throws IOException {
    write("a.example.zone", A_ZONE.formatted(1, "192.0.2.1"));
    write("b.example.zone", B_ZONE);
    loadInitial();
    Zone b = zone("b.example.");
    ZoneSet before = reloader.current();

    write("a.example.zone", A_ZONE.formatted(2, "192.0.2.99"));
    ReloadResult result = reloader.reload();

    assertThat(changes(result)).containsExactly("RELOADED a.example.zone", "UNCHANGED b.example.zone");
    assertThat(wwwAddress()).isEqualTo("192.0.2.99");
    assertThat(zone("a.example.").serial()).isEqualTo(2);
    assertThat(zone("b.example.")).isSameAs(b);
    assertThat(reloader.current()).isNotSameAs(before);
    assertThat(before.find(Name.fromConstantString("a.example.")).serial())
        .as("the old snapshot is untouched: queries in flight finish on it").isEqualTo(1);
  }

  @Test
  void removedFileStopsBeingServedAndNewFileStartsBeingServed() throws IOException {
    write("a.example.zone", A_ZONE.formatted(1, "192.0.2.1"));
    write("b.example.zone", B_ZONE);
    loadInitial();

    Files.delete(dir.resolve("b.example.zone"));
    write("c.example.zone", CHECKED_ZONE.formatted(1));
    ReloadResult result = reloader.reload();

    assertThat(result.ok()).isTrue();
    assertThat(changes(result)).containsExactly(
        "UNCHANGED a.example.zone", "REMOVED b.example.zone", "ADDED c.example.zone");
    assertThat(zone("b.example.")).isNull();
    assertThat(zone("ns1.b.example.")).isNull();
    assertThat(zone("c.example.")).isNotNull();
  }

  @Test
  void brokenZoneKeepsItsOldVersionAndReportsFileAndLine() throws IOException {
    write("a.example.zone", A_ZONE.formatted(1, "192.0.2.1"));
    write("b.example.zone", B_ZONE);
    loadInitial();
    Zone a = zone("a.example.");

    write("a.example.zone", A_ZONE.formatted(2, "192.0.2.300"));
    write("b.example.zone", B_ZONE.replace("hostmaster 1 ", "hostmaster 2 ") + "new A 192.0.2.7\n");
    ReloadResult result = reloader.reload();

    assertThat(result.ok()).isFalse();
    assertThat(changes(result)).containsExactly("FAILED a.example.zone", "RELOADED b.example.zone");
    assertThat(problems(result)).hasSize(1);
    assertThat(problems(result).get(0)).startsWith("a.example.zone:6: ");
    assertThat(zone("a.example.")).as("old version still served").isSameAs(a);
    assertThat(wwwAddress()).isEqualTo("192.0.2.1");
    assertThat(zone("b.example.").node(Name.fromConstantString("new.b.example."))).as("good zones still update")
        .isNotNull();
    FileOutcome failed = result.files(Change.FAILED).get(0);
    assertThat(failed.zone()).isSameAs(a);
    assertThat(reloader.stats().failures()).isEqualTo(1);
    assertThat(reloader.stats().successes()).isZero();
    assertThat(reloader.stats().lastErrors()).containsOnlyKeys(dir.resolve("a.example.zone").toString());
    assertThat(ReloadReport.json(result)).contains("\"ok\":false", "a.example.zone:6: ", "\"previous version\"");
    assertThat(log.messages(Level.ERROR)).as("each problem logged as FILE:LINE: message")
        .containsExactly(dir + "/" + problems(result).get(0));
    assertThat(log.messages(Level.WARN)).anySatisfy(m -> assertThat(m).contains("a.example.zone not reloaded"));
  }

  @Test
  void fixingABrokenZoneServesItAndClearsItsError() throws IOException {
    write("a.example.zone", A_ZONE.formatted(1, "192.0.2.1"));
    loadInitial();
    write("a.example.zone", A_ZONE.formatted(2, "not-an-address"));
    assertThat(reloader.reload().ok()).isFalse();
    assertThat(reloader.reload().ok()).as("still broken: parsed and reported again").isFalse();

    write("a.example.zone", A_ZONE.formatted(3, "192.0.2.3"));
    ReloadResult result = reloader.reload();

    assertThat(changes(result)).containsExactly("RELOADED a.example.zone");
    assertThat(wwwAddress()).isEqualTo("192.0.2.3");
    assertThat(reloader.stats().failures()).isEqualTo(2);
    assertThat(reloader.stats().successes()).isEqualTo(1);
    assertThat(reloader.stats().lastErrors()).isEmpty();
  }

  @Test
  void removingABrokenFileThatWasNeverServedClearsItsError() throws IOException {
    write("a.example.zone", A_ZONE.formatted(1, "192.0.2.1"));
    write("b.example.zone", "garbage\n");
    assertThat(reloader.loadInitial().ok()).isFalse();
    assertThat(reloader.stats().lastErrors()).containsOnlyKeys(dir.resolve("b.example.zone").toString());

    Files.delete(dir.resolve("b.example.zone"));
    ReloadResult result = reloader.reload();

    assertThat(result.ok()).isTrue();
    assertThat(reloader.stats().lastErrors()).as("no error for a file that is gone").isEmpty();
    assertThat(result.stats().lastErrors()).isEmpty();
  }

  @Test
  void restoringTheServedBytesOfABrokenFileIsUnchanged() throws IOException {
    write("a.example.zone", A_ZONE.formatted(1, "192.0.2.1"));
    loadInitial();
    Zone a = zone("a.example.");
    write("a.example.zone", "garbage\n");
    assertThat(reloader.reload().ok()).isFalse();

    write("a.example.zone", A_ZONE.formatted(1, "192.0.2.1"));

    assertThat(changes(reloader.reload())).containsExactly("UNCHANGED a.example.zone");
    assertThat(zone("a.example.")).isSameAs(a);
  }

  @Test
  void aChangedIncludedFileReloadsTheZone() throws IOException {
    Files.createDirectories(dir.resolve("common"));
    Files.writeString(dir.resolve("common/www.inc"), "www A 192.0.2.1\n");
    write("a.example.zone", """
        $ORIGIN a.example.
        $TTL 60
        @ IN SOA ns1 hostmaster 1 7200 900 1209600 300
        @ NS ns1
        ns1 A 192.0.2.53
        $INCLUDE common/www.inc
        """);
    loadInitial();
    assertThat(changes(reloader.reload())).containsExactly("UNCHANGED a.example.zone");
    assertThat(reloader.sourceFiles()).contains(dir.resolve("common/www.inc"));

    Files.writeString(dir.resolve("common/www.inc"), "www A 192.0.2.2\n");
    ReloadResult result = reloader.reload();

    assertThat(changes(result)).containsExactly("RELOADED a.example.zone");
    assertThat(wwwAddress()).isEqualTo("192.0.2.2");

    Files.writeString(dir.resolve("common/www.inc"), "www A bad\n");
    result = reloader.reload();
    assertThat(problems(result)).hasSize(1);
    assertThat(problems(result).get(0)).startsWith("common/www.inc:1: ");
    assertThat(wwwAddress()).isEqualTo("192.0.2.2");
  }

  @Test
  void aSecondFileClaimingAServedOriginFailsAndTheFirstKeepsIt() throws IOException {
    write("b.example.zone", A_ZONE.formatted(1, "192.0.2.1")); // serves a.example. from b.example.zone
    loadInitial();
    Zone a = zone("a.example.");

    write("a.example.zone", A_ZONE.formatted(2, "192.0.2.2"));
    ReloadResult result = reloader.reload();

    assertThat(changes(result)).containsExactly("FAILED a.example.zone", "UNCHANGED b.example.zone");
    assertThat(problems(result)).containsExactly("a.example.zone:0: zone a.example. is already loaded from "
        + "b.example.zone; one file per zone");
    assertThat(zone("a.example.")).isSameAs(a);
  }

  @Test
  void aFolderWithoutZoneFilesChangesNothing() throws IOException {
    write("a.example.zone", A_ZONE.formatted(1, "192.0.2.1"));
    loadInitial();
    ZoneSet before = reloader.current();
    Files.delete(dir.resolve("a.example.zone"));

    ReloadResult result = reloader.reload();

    assertThat(result.ok()).isFalse();
    assertThat(result.problems()).extracting(ZoneProblem::message).containsExactly("no *.zone files to serve");
    assertThat(reloader.current()).isSameAs(before);
    assertThat(reloader.stats().failures()).isEqualTo(1);
    assertThat(reloader.stats().lastErrors()).containsOnlyKeys(dir.toString());
  }

  @Test
  void aServerOfSecondaryZonesTooMayHaveAFolderOfNoZoneFiles() throws IOException {
    reloader.mayBeEmpty();
    ReloadResult result = reloader.loadInitial();
    assertThat(result.ok()).isTrue();
    assertThat(result.problems()).isEmpty();
    assertThat(reloader.current().zones()).isEmpty();
    assertThat(reloader.stats().lastErrors()).isEmpty();

    write("a.example.zone", A_ZONE.formatted(1, "192.0.2.1"));
    assertThat(reloader.reload().ok()).isTrue();
    ZoneSet before = reloader.current();
    Files.delete(dir.resolve("a.example.zone"));
    assertThat(reloader.reload().ok()).as("a folder that empties while it serves still changes nothing").isFalse();
    assertThat(reloader.current()).isSameAs(before);
  }

  @Test
  void initialLoadServesEachZoneOnItsOwn() throws IOException {
    write("a.example.zone", A_ZONE.formatted(1, "192.0.2.1"));
    write("b.example.zone", "garbage\n");

    ReloadResult result = reloader.loadInitial();

    assertThat(result.ok()).isFalse();
    assertThat(changes(result)).containsExactly("ADDED a.example.zone", "FAILED b.example.zone");
    assertThat(reloader.current().zones()).extracting(z -> z.origin().toString()).containsExactly("a.example.");
    assertThat(reloader.current().failed()).containsExactly(Name.fromConstantString("b.example."));
    assertThat(result.servfail()).containsValue(Name.fromConstantString("b.example."));
    assertThat(reloader.stats().lastErrors()).containsOnlyKeys(dir.resolve("b.example.zone").toString());
    assertThat(reloader.stats().successes() + reloader.stats().failures()).as("the first load is no reload")
        .isZero();
  }

  @Test
  void aFailedZoneWithNothingServedAnswersServfailUntilItLoads() throws IOException {
    write("a.example.zone", A_ZONE.formatted(1, "192.0.2.1"));
    write("b.example.zone", B_ZONE.replace("SOA", "SOA broken"));
    reloader.loadInitial();
    assertThat(reloader.current().failedOrigin(Name.fromConstantString("www.b.example."))).isNotNull();

    write("b.example.zone", B_ZONE);
    ReloadResult result = reloader.reload();

    assertThat(result.ok()).isTrue();
    assertThat(reloader.current().failed()).isEmpty();
    assertThat(zone("b.example.")).isNotNull();
  }

  @Test
  void aZoneWhoseContentChangedWithoutANewSerialGetsAWarning() throws IOException {
    write("b.example.zone", B_ZONE);
    loadInitial();

    write("b.example.zone", B_ZONE + "extra A 192.0.2.77\n");
    ReloadResult changed = reloader.reload();
    write("b.example.zone", B_ZONE + "extra A 192.0.2.77\n; only a comment\n");
    ReloadResult commentOnly = reloader.reload();

    assertThat(changed.ok()).as("a warning, not an error").isTrue();
    assertThat(changed.problems()).singleElement().asString()
        .contains("warning: zone b.example. changed but its SOA serial 1 did not change");
    assertThat(commentOnly.problems()).isEmpty();
  }

  @Test
  void healthStateOfAddressesThatStayIsKept() throws IOException {
    write("c.example.zone", CHECKED_ZONE.formatted(1));
    write("b.example.zone", B_ZONE);
    loadInitial();
    AddressHealth first = tracker("192.0.2.1");
    first.record(new ProbeResult(false, "refused"));
    first.record(new ProbeResult(false, "refused"));
    assertThat(first.isUp()).isFalse();
    List<Object> published = new ArrayList<>();
    health.onChange(published::add);
    published.clear();

    // Another zone changes: the checked zone is reused and its trackers published again.
    write("b.example.zone", B_ZONE + "x A 192.0.2.9\n");
    reloader.reload();
    assertThat(tracker("192.0.2.1")).isSameAs(first);
    assertThat(health.all()).hasSize(2);
    assertThat(published).hasSize(1);

    // The checked zone itself changes, the check and the address stay: same tracker, still down.
    write("c.example.zone", CHECKED_ZONE.formatted(2) + "api A 192.0.2.3\n");
    ReloadResult result = reloader.reload();
    assertThat(changes(result)).contains("RELOADED c.example.zone");
    assertThat(tracker("192.0.2.1")).isSameAs(first);
    assertThat(tracker("192.0.2.1").isUp()).isFalse();
    assertThat(health.all()).extracting(h -> h.address().getHostAddress())
        .containsExactly("192.0.2.1", "192.0.2.2", "192.0.2.3");
    assertThat(servedTrackers()).as("the served zone holds the published trackers")
        .containsExactlyInAnyOrderElementsOf(health.all());
    assertThat(servedAddresses()).as("the down address is left out of answers")
        .containsExactlyInAnyOrder("192.0.2.2", "192.0.2.3");

    // An address leaves the zone: it is no longer published, so no longer probed.
    write("c.example.zone", CHECKED_ZONE.formatted(3).replace("api A 192.0.2.2\n", ""));
    reloader.reload();
    assertThat(health.all()).extracting(h -> h.address().getHostAddress()).containsExactly("192.0.2.1");
    assertThat(tracker("192.0.2.1")).isSameAs(first);
  }

  @Test
  void aChangedCheckKeepsTheStateButServesTheNewSpec() throws IOException {
    write("c.example.zone", CHECKED_ZONE.formatted(1));
    loadInitial();
    AddressHealth first = tracker("192.0.2.1");
    first.record(new ProbeResult(false, "refused"));
    first.record(new ProbeResult(false, "refused"));

    write("c.example.zone", CHECKED_ZONE.formatted(2).replace("port=443", "port=8443"));
    reloader.reload();

    AddressHealth now = tracker("192.0.2.1");
    assertThat(now).isNotSameAs(first);
    assertThat(now.spec().port()).isEqualTo(8443);
    assertThat(now.isUp()).isFalse();
    assertThat(servedTrackers()).containsExactlyInAnyOrderElementsOf(health.all());
  }

  @Test
  void aBrokenCheckedZoneLeavesNoStrayTrackers() throws IOException {
    write("c.example.zone", CHECKED_ZONE.formatted(1));
    loadInitial();
    List<AddressHealth> before = health.all();

    // A new checked address, then an error the builder finds after binding it.
    write("c.example.zone", CHECKED_ZONE.formatted(2) + "api A 192.0.2.4\nwww ALIAS 1 nowhere\n");
    ReloadResult result = reloader.reload();

    assertThat(result.ok()).isFalse();
    assertThat(health.all()).containsExactlyElementsOf(before);
  }

  private AddressHealth tracker(String address) throws IOException {
    InetAddress ip = InetAddress.getByName(address);
    return health.all().stream().filter(h -> h.address().equals(ip)).findFirst().orElseThrow();
  }

  private List<AddressHealth> servedTrackers() {
    Node api = zone("c.example.").node(Name.fromConstantString("api.c.example."));
    return java.util.Arrays.stream(api.get(Type.A).healthKeys()).mapToObj(health::tracker).toList();
  }

  private List<String> servedAddresses() {
    Node api = zone("c.example.").node(Name.fromConstantString("api.c.example."));
    List<Record> out = new ArrayList<>();
    api.get(Type.A).addTo(out, null, health.view());
    return out.stream().map(r -> ((ARecord) r).getAddress().getHostAddress()).collect(Collectors.toList());
  }

  @Test
  void aReloadThatRunsOutOfMemoryFailsIsCountedAndKeepsEveryZone() throws IOException {
    write("a.example.zone", A_ZONE.formatted(1, "192.0.2.1"));
    write("b.example.zone", B_ZONE);
    HealthRegistry registry = new HealthRegistry(Clock.systemUTC());
    boolean[] exhausted = {false};
    ZoneReloader reloader = new ZoneReloader(dir, registry, io.wadns.zonefile.LoadLimits.confinedTo(dir, List.of()),
        (file, limits, read) -> {
          if (exhausted[0] && file.getFileName().toString().startsWith("b.")) {
            throw new OutOfMemoryError("Java heap space");
          }
          return ZoneLoader.load(file, registry.keys(), limits, read);
        });
    assertThat(reloader.loadInitial().ok()).isTrue();
    ZoneSet before = reloader.current();

    exhausted[0] = true;
    write("a.example.zone", A_ZONE.formatted(2, "192.0.2.2"));
    write("b.example.zone", B_ZONE.replace("hostmaster 1 ", "hostmaster 2 "));
    ReloadResult result = reloader.reload();

    assertThat(result.ok()).isFalse();
    assertThat(result.problems()).singleElement().asString().contains("out of memory while reloading the zones;"
        + " every zone kept as it was");
    assertThat(reloader.current()).as("nothing published, not even the zone read before").isSameAs(before);
    assertThat(reloader.stats().failures()).isEqualTo(1);
    assertThat(reloader.stats().successes()).isZero();
  }

  @Test
  void aWatchReloadTakesAChangedZoneOnlyWithAGreaterSerial() throws IOException {
    write("a.example.zone", A_ZONE.formatted(1, "192.0.2.1"));
    loadInitial();
    Zone before = zone("a.example.");

    write("a.example.zone", A_ZONE.formatted(1, "192.0.2.2")); // saved halfway, or no new serial yet
    ReloadResult same = reloader.reloadNewSerials();
    assertThat(zone("a.example.")).as("still the served version").isSameAs(before);
    assertThat(changes(same)).containsExactly("UNCHANGED a.example.zone");
    assertThat(same.problems()).singleElement().asString()
        .contains("warning: changed without a greater SOA serial, so --watch keeps serial 1");

    write("a.example.zone", A_ZONE.formatted(2, "192.0.2.2"));
    ReloadResult newer = reloader.reloadNewSerials();
    assertThat(changes(newer)).containsExactly("RELOADED a.example.zone");
    assertThat(wwwAddress()).isEqualTo("192.0.2.2");
  }
}
