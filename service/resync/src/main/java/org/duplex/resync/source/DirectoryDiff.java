package org.duplex.resync.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duplex.resync.protocol.EntryMeta;
import org.duplex.resync.protocol.EntryType;

/**
 * Compares one directory's listing on the source with the target's. Pure.
 *
 * @param removeOnTarget target entries the source lacks, or whose type differs (removed first)
 * @param pairs          each source entry with the target's same-named, same-typed entry (or null)
 */
public record DirectoryDiff(List<String> removeOnTarget, List<Pair> pairs) {

    /** A source entry and the target's counterpart of the same type, null when it has none. */
    public record Pair(EntryMeta source, EntryMeta target) {}

    public static DirectoryDiff of(List<EntryMeta> source, List<EntryMeta> target) {
        Map<String, EntryMeta> sourceByName = new HashMap<>();
        for (EntryMeta e : source) {
            sourceByName.put(e.name(), e);
        }
        List<String> remove = new ArrayList<>();
        Map<String, EntryMeta> targetByName = new HashMap<>();
        for (EntryMeta t : target) {
            EntryMeta s = sourceByName.get(t.name());
            if (s == null || (s.type() != t.type() && s.type() != EntryType.OTHER)) {
                remove.add(t.path());
            } else {
                targetByName.put(t.name(), t);
            }
        }
        List<Pair> pairs = new ArrayList<>();
        for (EntryMeta s : source) {
            if (s.type() != EntryType.OTHER) {
                pairs.add(new Pair(s, targetByName.get(s.name())));
            }
        }
        return new DirectoryDiff(remove, pairs);
    }
}
