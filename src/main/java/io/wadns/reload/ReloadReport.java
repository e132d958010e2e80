package io.wadns.reload;

import io.wadns.json.Json;
import io.wadns.reload.ReloadResult.Change;
import io.wadns.reload.ReloadResult.FileOutcome;
import io.wadns.zonefile.ZoneProblem;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON document {@code POST /reload} answers with: what the reload did to each zone file, every
 * problem as {@code FILE:LINE: message}, and the reload counters.
 */
public final class ReloadReport {
  private ReloadReport() {}

  public static String json(ReloadResult result) {
    StringBuilder sb = new StringBuilder(256);
    sb.append("{\"ok\":").append(result.ok());
    for (Change change : Change.values()) {
      sb.append(",\n\"").append(change.name().toLowerCase()).append("\":[");
      List<FileOutcome> files = result.files(change);
      for (int i = 0; i < files.size(); i++) {
        sb.append(i == 0 ? "" : ",");
        file(sb, files.get(i));
      }
      sb.append(']');
    }
    sb.append(",\n\"problems\":[");
    for (int i = 0; i < result.problems().size(); i++) {
      sb.append(i == 0 ? "" : ",");
      Json.string(sb, result.problems().get(i).toString());
    }
    ReloadStats.Snapshot stats = result.stats();
    sb.append("],\n\"reloads\":{\"succeeded\":").append(stats.successes())
        .append(",\"failed\":").append(stats.failures()).append(",\"last_errors\":{");
    boolean first = true;
    for (Map.Entry<String, ZoneProblem> e : new TreeMap<>(stats.lastErrors()).entrySet()) {
      sb.append(first ? "" : ",");
      first = false;
      Json.string(sb, e.getKey());
      sb.append(':');
      Json.string(sb, e.getValue().toString());
    }
    return sb.append("}}}\n").toString();
  }

  private static void file(StringBuilder sb, FileOutcome f) {
    sb.append("{\"file\":");
    Json.string(sb, f.file());
    if (f.zone() != null) {
      sb.append(",\"zone\":");
      Json.string(sb, f.zone().origin().toString());
      sb.append(",\"serial\":").append(f.zone().serial());
    }
    if (f.change() == Change.FAILED) {
      sb.append(",\"serving\":");
      Json.string(sb, f.zone() == null ? "nothing" : "previous version");
    }
    sb.append('}');
  }
}
