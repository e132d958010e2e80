package io.wadns.zonefile;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import org.slf4j.LoggerFactory;

/**
 * A file's {@link FileStamp} from one {@code stat}, read off the object that
 * {@code Files.readAttributes(file, PosixFileAttributes.class)} returns on Unix (the basic view wraps it), where the JDK opens its
 * file-system package to wadns (the jar's {@code Add-Opens: java.base/sun.nio.fs}).
 *
 * <p>Why: the public way to a file's device, inode and change time is the {@code unix} attribute view,
 * which takes the attributes by name. Each call parses the names, matches them, fills a map and boxes every
 * value; for the 10,000 files of a reload that is three to four times the cost of the stat itself, and
 * most of the reload before the JIT has compiled it (200-230 ms against 50 ms for 10,000 files, one CPU).
 * The object behind both ways is the same {@code UnixFileAttributes}, whose package-private {@code dev()},
 * {@code ino()} and {@code ctime()} this calls. Where the package is not open (a class path without the
 * jar's manifest), or the JDK has changed them, {@link #AVAILABLE} is false and FileStamp asks the
 * {@code unix} view, with the same result.
 */
final class UnixStat {
  private static final MethodHandle DEV;
  private static final MethodHandle INO;
  private static final MethodHandle CTIME;
  private static final Class<?> ATTRIBUTES;
  /** Whether the attributes can be read this way here. */
  static final boolean AVAILABLE;

  static {
    MethodHandle dev = null;
    MethodHandle ino = null;
    MethodHandle ctime = null;
    Class<?> type = null;
    try {
      type = Class.forName("sun.nio.fs.UnixFileAttributes");
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
      MethodType asLong = MethodType.methodType(long.class, Object.class);
      dev = lookup.findVirtual(type, "dev", MethodType.methodType(long.class)).asType(asLong);
      ino = lookup.findVirtual(type, "ino", MethodType.methodType(long.class)).asType(asLong);
      ctime = lookup.findVirtual(type, "ctime", MethodType.methodType(FileTime.class))
          .asType(MethodType.methodType(FileTime.class, Object.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Not Unix, not opened to us, or not this JDK's shape: the unix view answers instead.
      type = null;
    }
    ATTRIBUTES = type;
    DEV = dev;
    INO = ino;
    CTIME = ctime;
    AVAILABLE = type != null;
    if (!AVAILABLE && FileSystems.getDefault().supportedFileAttributeViews().contains("unix")) {
      LoggerFactory.getLogger("wadns").info("zone files' stamps are read through the unix attribute view, which"
          + " makes reloads of thousands of zone files slower: start wadns with java -jar, or give the JVM"
          + " --add-opens java.base/sun.nio.fs=ALL-UNNAMED");
    }
  }

  private UnixStat() {}

  /**
   * The stamp of {@code file} (links followed), or null when its attributes come back in another shape
   * (a file system of another provider): the caller then asks the {@code unix} view.
   *
   * @throws IOException when the file cannot be stat'ed
   */
  static FileStamp read(Path file) throws IOException {
    PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class);
    if (a.getClass() != ATTRIBUTES) {
      return null;
    }
    try {
      long device = (long) DEV.invokeExact((Object) a);
      long inode = (long) INO.invokeExact((Object) a);
      FileTime changed = (FileTime) CTIME.invokeExact((Object) a);
      return new FileStamp(device, inode, a.size(), FileStamp.nanos(a.lastModifiedTime()), FileStamp.nanos(changed),
          a.isRegularFile());
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e); // the handles declare Throwable; these accessors throw nothing
    }
  }
}
