package io.wadns.zonefile;

import java.nio.file.Path;

/**
 * A zone file as the listing of its folder found it: its path and its stamp then, which the read that
 * follows takes as its own. The listing must stat each entry to tell a file from a folder; a reload of
 * 10,000 zones then costs one {@code stat} per unchanged file instead of two.
 *
 * <p>The stamp is taken before any byte is read, as a read's own would be: a change made between the
 * listing and the read moves the stamp, so the next reload reads the file again.
 */
public final class ListedFile {
  private final Path path;
  /**
   * Null where the platform has none, where it could not be taken (the read says why), or where the file
   * must be opened before its stamp can be trusted (NFS): then the read takes it.
   */
  private final FileStamp stamp;

  ListedFile(Path path, FileStamp stamp) {
    this.path = path;
    this.stamp = stamp;
  }

  public Path path() {
    return path;
  }

  FileStamp stamp() {
    return stamp;
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
