package io.wadns.cli;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --watch}: asks for a reload when a zone file changes. Watches the zones folder, and the
 * folder of every included file, for any {@code *.zone} file or known source being created,
 * written, deleted or renamed into place (editors that save by renaming a temporary file show up as
 * a create). Events are debounced: the reload is asked for once the files have been quiet for
 * {@code quiet}, or {@code 10 * quiet} after the first event at the latest, so a save that writes in
 * several steps gives one reload. Runs on a daemon thread of its own.
 */
final class ZoneWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("wadns");

  private final WatchService service;
  private final Path zonesDir;
  private final Supplier<Collection<Path>> sources;
  private final Runnable onChange;
  private final Duration quiet;
  /** Watched folders; written by the watch thread and, after a reload, by the reload thread. */
  private final Map<WatchKey, Path> folders = new ConcurrentHashMap<>();
  private final Thread thread;
  /** How often to look for the zones folder again after it was removed or renamed away. */
  private static final long LOST_FOLDER_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** The zones folder itself went away: look for it again every second. Watch thread only. */
  private boolean zonesDirLost;
  /**
   * The identity (device and inode) of the zones folder being watched: a folder renamed away keeps
   * its watch, so only this tells that the path now names another folder, or none.
   */
  private Object zonesDirIdentity;

  private ZoneWatcher(WatchService service, Path zonesDir, Supplier<Collection<Path>> sources, Runnable onChange,
      Duration quiet) {
    this.service = service;
    this.zonesDir = zonesDir.toAbsolutePath().normalize();
    this.sources = sources;
    this.onChange = onChange;
    this.quiet = quiet;
    this.thread = new Thread(this::loop, "wadns-watch");
    this.thread.setDaemon(true);
  }

  /**
   * Starts watching {@code zonesDir}; {@code sources} lists the files the served zones were read
   * from (includes may live elsewhere), asked again after each event.
   */
  static ZoneWatcher start(Path zonesDir, Supplier<Collection<Path>> sources, Runnable onChange, Duration quiet)
      throws IOException {
    WatchService service = zonesDir.getFileSystem().newWatchService();
    ZoneWatcher watcher = new ZoneWatcher(service, zonesDir, sources, onChange, quiet);
    try {
      watcher.register(watcher.zonesDir);
      watcher.registerSourceFolders();
    } catch (IOException | RuntimeException e) {
      service.close();
      throw e;
    }
    watcher.thread.start();
    log.info("watching {} for zone file changes", zonesDir);
    return watcher;
  }

  private void loop() {
    boolean pending = false;
    long firstEvent = 0;
    long lastEvent = 0;
    try {
      while (true) {
        if (registerSourceFolders()) {
          // A reload brought includes from a folder not watched until now: look again, in case it
          // changed before it was watched (see sourcesChanged).
          lastEvent = System.nanoTime();
          firstEvent = pending ? firstEvent : lastEvent;
          pending = true;
        }
        if (!zonesDirLost && !zonesDirStillThere()) {
          zonesDirLost = true;
          log.warn("the zones folder {} is gone or was replaced; watching for it", zonesDir);
        }
        if (zonesDirLost && reRegisterZonesDir()) {
          lastEvent = System.nanoTime(); // a new folder: every file in it may be new
          firstEvent = pending ? firstEvent : lastEvent;
          pending = true;
        }
        WatchKey key;
        if (!pending) {
          // Not take(): the folder is looked at again every second, in case it was renamed away.
          key = service.poll(LOST_FOLDER_RETRY_NANOS, TimeUnit.NANOSECONDS);
          if (key == null) {
            continue;
          }
        } else {
          long wait = Math.min(lastEvent + quiet.toNanos(), firstEvent + 10 * quiet.toNanos()) - System.nanoTime();
          wait = Math.min(wait, LOST_FOLDER_RETRY_NANOS);
          key = wait <= 0 ? null : service.poll(wait, TimeUnit.NANOSECONDS);
          if (key == null) {
            if (System.nanoTime() - Math.min(lastEvent + quiet.toNanos(), firstEvent + 10 * quiet.toNanos()) >= 0) {
              pending = false;
              onChange.run();
            }
            continue;
          }
        }
        if (relevant(key)) {
          lastEvent = System.nanoTime();
          firstEvent = pending ? firstEvent : lastEvent;
          pending = true;
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed: stop watching
    } catch (RuntimeException | Error e) {
      log.error("zone file watcher stopped: {}; reload with SIGHUP or POST /reload", e.toString(), e);
    }
  }

  /** Drains the key's events; true when one concerns a zone file or a known source. */
  private boolean relevant(WatchKey key) {
    Path folder = folders.get(key);
    Set<Path> known = new HashSet<>();
    for (Path p : sources.get()) {
      known.add(p.toAbsolutePath().normalize());
    }
    boolean relevant = false;
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == OVERFLOW || folder == null) {
        relevant = true;
        continue;
      }
      Path file = folder.resolve((Path) event.context());
      relevant |= folder.equals(zonesDir) && file.getFileName().toString().endsWith(".zone")
          || known.contains(file);
    }
    if (!key.reset()) {
      folders.remove(key);
      if (zonesDir.equals(folder)) {
        zonesDirLost = true;
        log.warn("the zones folder {} is gone; watching for it to come back", folder);
      } else {
        log.warn("no longer watching {}: the folder is gone", folder);
      }
    }
    return relevant;
  }

  /**
   * A reload ran: watch the folders of new includes now (the watch thread alone would register them
   * only at its next event, missing edits there until then). An edit made in such a folder before it
   * was watched gives no event, so a newly watched folder asks for one more reload, which finds
   * any such edit by its digest.
   */
  void sourcesChanged() {
    if (registerSourceFolders()) {
      onChange.run();
    }
  }

  /** Watches the folder of every known source; true when a folder was added. */
  private synchronized boolean registerSourceFolders() {
    boolean added = false;
    for (Path source : sources.get()) {
      Path folder = source.toAbsolutePath().normalize().getParent();
      // The zones folder is watched (or looked for) on its own; a folder that is gone has nothing to watch.
      if (folder != null && !folder.equals(zonesDir) && !folders.containsValue(folder)
          && java.nio.file.Files.isDirectory(folder)) {
        try {
          register(folder);
          added = true;
        } catch (IOException e) {
          log.warn("cannot watch {}: {}", folder, e.getMessage());
        }
      }
    }
    return added;
  }

  /** True while the zones folder path still names the folder being watched. */
  private boolean zonesDirStillThere() {
    Object now = identity(zonesDir);
    return now != null && now.equals(zonesDirIdentity);
  }

  private static Object identity(Path folder) {
    try {
      return java.nio.file.Files.readAttributes(folder, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /** True when the zones folder exists again and is watched. */
  private boolean reRegisterZonesDir() {
    if (!java.nio.file.Files.isDirectory(zonesDir)) {
      return false;
    }
    folders.entrySet().removeIf(e -> {
      if (e.getValue().equals(zonesDir)) {
        e.getKey().cancel(); // the watch of the folder that was renamed away
        return true;
      }
      return false;
    });
    try {
      register(zonesDir);
    } catch (IOException e) {
      return false;
    }
    zonesDirLost = false;
    log.info("the zones folder {} is back; watching it again", zonesDir);
    return true;
  }

  private void register(Path folder) throws IOException {
    folders.put(folder.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), folder);
    if (folder.equals(zonesDir)) {
      zonesDirIdentity = identity(folder);
    }
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      // nothing left to release
    }
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
