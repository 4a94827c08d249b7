package org.duplex.resync.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.duplex.common.UserError;
import org.duplex.resync.protocol.LoopbackChannel;
import org.duplex.resync.protocol.ResyncReply;
import org.duplex.resync.protocol.ResyncRequest;
import org.duplex.resync.target.ResyncInProgressFlag;
import org.duplex.resync.target.ResyncTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad paths from the peer get a clear refusal naming the path, and touch nothing outside the root. */
class LocalTreeTest {
    @TempDir
    Path base;

    @Test
    void pathsThatWouldLeaveTheRootAreRefusedWithTheirName() throws Exception {
        Path root = Files.createDirectories(base.resolve("root"));
        Files.createDirectories(base.resolve("outside"));
        Files.createSymbolicLink(root.resolve("escape"), base.resolve("outside"));
        LocalTree tree = new LocalTree(root);
        for (String bad : new String[] {"../x", "/etc/passwd", "a/../../x", "a//b", "a/./b", "escape/file", "dir/"}) {
            assertThatThrownBy(() -> tree.write(bad, 0, new byte[] {1}))
                    .isInstanceOf(UserError.class)
                    .hasMessageContaining("'" + bad + "'");
        }
        try (var s = Files.list(base.resolve("outside"))) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void theTargetAnswersBadRequestsWithFailedAndRefusesChangesOutsideARun() throws Exception {
        Path root = Files.createDirectories(base.resolve("root"));
        ResyncTarget target = new ResyncTarget(new LocalTree(root), new ResyncInProgressFlag(base), null);
        LoopbackChannel channel = new LoopbackChannel(target::handle);

        ResyncReply outsideRun = channel.call(new ResyncRequest.WriteData("f", 0, new byte[] {1}));
        assertThat(outsideRun).isInstanceOfSatisfying(ResyncReply.Failed.class,
                f -> assertThat(f.message()).contains("no resync run has begun").contains("'f'"));
        assertThat(Files.exists(root.resolve("f"))).isFalse();

        channel.call(new ResyncRequest.Begin("r", ResyncRequest.Kind.FULL));
        ResyncReply escape = channel.call(new ResyncRequest.WriteData("../f", 0, new byte[] {1}));
        assertThat(escape).isInstanceOfSatisfying(ResyncReply.Failed.class,
                f -> assertThat(f.message()).contains("'../f'").contains(root.toString()));
        assertThat(Files.exists(base.resolve("f"))).isFalse();

        assertThat(channel.call(new ResyncRequest.End("other", java.util.List.of())))
                .isInstanceOf(ResyncReply.Failed.class);
        assertThat(new ResyncInProgressFlag(base).isSet()).isTrue();
        assertThat(channel.call(new ResyncRequest.End("r", java.util.List.of()))).isInstanceOf(ResyncReply.Done.class);
        assertThat(new ResyncInProgressFlag(base).isSet()).isFalse();
    }
}
