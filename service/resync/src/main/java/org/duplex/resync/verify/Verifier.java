package org.duplex.resync.verify;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.duplex.resync.hash.BlockDiff;
import org.duplex.resync.hash.FileDigest;
import org.duplex.resync.protocol.EntryMeta;
import org.duplex.resync.protocol.EntryType;
import org.duplex.resync.protocol.ResyncChannel;
import org.duplex.resync.protocol.ResyncReply;
import org.duplex.resync.protocol.ResyncRequest;
import org.duplex.resync.source.DirectoryDiff;
import org.duplex.resync.source.ResyncClient;
import org.duplex.resync.tree.LocalTree;

/**
 * {@code verify} ({@code rfsverify}): compares this node's tree with the peer's by listing and block
 * checksums, and reports every difference. It only sends read-only requests, so nothing changes on
 * either side. Run it on a quiet pair: a write racing the compare shows up as a difference.
 */
public final class Verifier {
    private final LocalTree tree;
    private final ResyncClient peer;
    private final int blockBytes;

    public Verifier(LocalTree tree, ResyncChannel peer, int blockBytes) {
        this.tree = tree;
        this.peer = new ResyncClient(peer);
        this.blockBytes = blockBytes;
    }

    /** All differences, in tree order (parents before children). */
    public List<Difference> run() throws IOException {
        List<Difference> out = new ArrayList<>();
        Deque<String> dirs = new ArrayDeque<>();
        dirs.push("");
        EntryMeta rootHere = tree.stat("");
        EntryMeta rootThere = peer.call(new ResyncRequest.Stat(""), ResyncReply.Entry.class).meta();
        if (rootHere != null && rootThere != null && !rootHere.sameAttributes(rootThere)) {
            out.add(new Difference("", Difference.Kind.ATTRIBUTES, rootHere.describeDifference(rootThere), List.of()));
        }
        while (!dirs.isEmpty()) {
            String dir = dirs.pop();
            List<EntryMeta> theirs = peer.call(new ResyncRequest.ListDir(dir), ResyncReply.Listing.class).entries();
            List<EntryMeta> mine = tree.list(dir);
            DirectoryDiff diff = DirectoryDiff.of(mine, theirs);
            for (String extra : diff.removeOnTarget()) {
                boolean typeDiffers = mine.stream().anyMatch(m -> m.path().equals(extra));
                out.add(new Difference(extra, typeDiffers ? Difference.Kind.TYPE : Difference.Kind.EXTRA_ON_TARGET,
                        typeDiffers ? "type differs" : "only on the peer", List.of()));
            }
            for (DirectoryDiff.Pair pair : diff.pairs()) {
                EntryMeta s = pair.source();
                EntryMeta t = pair.target();
                if (t == null) {
                    if (theirs.stream().noneMatch(e -> e.path().equals(s.path()))) {
                        out.add(new Difference(s.path(), Difference.Kind.MISSING_ON_TARGET, "only here", List.of()));
                    }
                    continue;
                }
                if (s.type() == EntryType.DIRECTORY) {
                    dirs.push(s.path());
                }
                if (s.type() == EntryType.FILE) {
                    compareContent(s, out);
                }
                String attributes = s.describeDifference(t, false);
                if (!attributes.isEmpty()) {
                    out.add(new Difference(s.path(), Difference.Kind.ATTRIBUTES, attributes, List.of()));
                }
            }
        }
        return out;
    }

    private void compareContent(EntryMeta s, List<Difference> out) throws IOException {
        FileDigest mine = tree.digest(s.path(), blockBytes, 0);
        ResyncReply.BlockHashes theirs = peer.call(
                new ResyncRequest.CompareFile(s.path(), blockBytes, 0, mine.size(), mine.wholeHash()),
                ResyncReply.BlockHashes.class);
        if (theirs.same()) {
            return;
        }
        List<Long> offsets = new ArrayList<>();
        for (int block : BlockDiff.blocksToSend(mine.blockHashes(), theirs.hashes(), 0).toArray()) {
            offsets.add((long) block * blockBytes);
        }
        String detail = mine.size() == theirs.size() ? offsets.size() + " blocks differ"
                : "size " + mine.size() + " here, " + theirs.size() + " on the peer; " + offsets.size() + " blocks differ";
        out.add(new Difference(s.path(), Difference.Kind.CONTENT, detail, offsets));
    }
}
