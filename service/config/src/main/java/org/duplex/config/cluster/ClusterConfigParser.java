package org.duplex.config.cluster;

import static java.time.temporal.ChronoUnit.MILLIS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.duplex.common.UserError;
import org.duplex.config.ConfigException;
import org.duplex.config.ConfigWarning;
import org.duplex.config.Parsed;
import org.duplex.config.module.HeartConfig;
import org.duplex.config.module.ModuleConfig;
import org.duplex.config.xml.ElementReader;
import org.duplex.config.xml.XmlNode;
import org.duplex.config.xml.XmlTreeReader;

/** Parses and validates {@code cluster.xml}; pure apart from {@link #parse(Path)} reading the file. */
public final class ClusterConfigParser {
    private ClusterConfigParser() {}

    public static Parsed<ClusterConfig> parse(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UserError(UserError.Kind.NOT_FOUND, "cannot read cluster configuration " + file + ": "
                    + e.getMessage(), e);
        }
    }

    public static Parsed<ClusterConfig> parse(byte[] content, String file) {
        List<ConfigWarning> warnings = new ArrayList<>();
        XmlNode root = XmlTreeReader.read(content, file);
        if (!root.name().equals("cluster")) {
            throw new ConfigException(root.location(), "root element is " + root.tag() + " (expected <cluster>)");
        }
        ElementReader cluster = new ElementReader(root, warnings);
        ElementReader lans = new ElementReader(cluster.child("lans")
                .orElseThrow(() -> cluster.error("has no <lans> (expected <lans><lan name=\"default\">...)")), warnings);
        int port = (int) lans.integer("port", 4800, 1, 65535);
        Duration pulse = lans.duration("pulse", MILLIS, Duration.ofMillis(100));
        int mlost = (int) lans.integer("mlost_count", 20, 1, 10_000);
        int slost = (int) lans.integer("slost_count", 10, 1, 10_000);
        List<ClusterConfig.Lan> lanList = new ArrayList<>();
        Set<String> lanNames = new HashSet<>();
        for (XmlNode n : lans.children("lan")) {
            ElementReader lan = new ElementReader(n, warnings);
            String name = lan.required("name");
            if (!lanNames.add(name)) {
                throw lan.error("name", "LAN '" + name + "' is defined twice (expected unique LAN names)");
            }
            lanList.add(new ClusterConfig.Lan(name, lan.flag("command", true), nodes(lan, warnings), n.location()));
            lan.finish();
        }
        if (lanList.isEmpty()) {
            throw lans.error("has no <lan> (expected at least one, e.g. <lan name=\"default\">)");
        }
        lans.finish();
        cluster.finish();
        ClusterConfig config = new ClusterConfig(port, pulse, mlost, slost, lanList);
        warnAboutMissingNodes(config, warnings);
        return new Parsed<>(config, warnings);
    }

    private static List<ClusterConfig.Node> nodes(ElementReader lan, List<ConfigWarning> warnings) {
        List<ClusterConfig.Node> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (XmlNode n : lan.children("node")) {
            ElementReader node = new ElementReader(n, warnings);
            String name = node.required("name");
            if (!names.add(name)) {
                throw node.error("name", "node '" + name + "' appears twice in LAN '" + lan.node().attributes().get("name")
                        + "' (expected unique node names)");
            }
            String addr = node.address("addr");
            nodes.add(new ClusterConfig.Node(name, addr,
                    node.optional("laddr").map(v -> node.address("laddr"))));
            node.finish();
        }
        if (nodes.isEmpty()) {
            throw lan.error("has no <node> (expected <node name=\"node1\" addr=\"...\"/> for each server)");
        }
        return nodes;
    }

    private static void warnAboutMissingNodes(ClusterConfig config, List<ConfigWarning> warnings) {
        for (ClusterConfig.Lan lan : config.lans()) {
            for (String node : config.nodeNames()) {
                if (lan.node(node).isEmpty()) {
                    warnings.add(new ConfigWarning(lan.location(), "node '" + node + "' has no address on LAN '"
                            + lan.name() + "'; heartbeats on this LAN cannot reach it"));
                }
            }
        }
    }

    /**
     * Checks that every heartbeat of {@code module} names a LAN of this cluster (SafeKit 7.2+
     * references networks by name) and that {@code defaultprim} names one of its nodes.
     */
    public static void checkModuleAgainstCluster(ModuleConfig module, ClusterConfig cluster, String clusterFile) {
        for (HeartConfig.Heartbeat hb : module.heart().heartbeats()) {
            if (cluster.lan(hb.lan()).isEmpty()) {
                throw new ConfigException(hb.location(), "<heartbeat> attribute 'name': LAN '" + hb.lan()
                        + "' is not defined in " + clusterFile + " (expected one of "
                        + cluster.lans().stream().map(ClusterConfig.Lan::name).toList() + ")");
            }
        }
        module.defaultPrim().server().ifPresent(server -> {
            if (!cluster.nodeNames().contains(server)) {
                throw new ConfigException(module.service().location(), "<service> attribute 'defaultprim': '" + server
                        + "' is not a node of " + clusterFile + " (expected alone, lastprim or one of "
                        + cluster.nodeNames() + ")");
            }
        });
        module.rfs().flowLan().ifPresent(lan -> {
            if (cluster.lan(lan).isEmpty()) {
                throw new ConfigException(module.rfs().replicated().getFirst().location(), "<flow> LAN '" + lan
                        + "' is not defined in " + clusterFile);
            }
        });
    }
}
