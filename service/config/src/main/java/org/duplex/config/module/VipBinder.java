package org.duplex.config.module;

import static java.time.temporal.ChronoUnit.SECONDS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.duplex.config.ConfigWarning;
import org.duplex.config.xml.ElementReader;
import org.duplex.config.xml.XmlNode;

/** Binds {@code <vip>} and derives the checkers SafeKit generates from it. */
final class VipBinder {
    private VipBinder() {}

    static VipConfig bind(ElementReader v, List<ConfigWarning> warnings) {
        boolean tcpReset = v.flag("tcpreset", true);
        List<VipConfig.VipInterface> interfaces = new ArrayList<>();
        v.child("interface_list").ifPresent(listNode -> {
            ElementReader list = new ElementReader(listNode, warnings);
            for (XmlNode n : list.children("interface")) {
                interfaces.add(bindInterface(new ElementReader(n, warnings), warnings));
            }
            list.finish();
        });
        if (interfaces.stream().allMatch(i -> i.addresses().isEmpty())) {
            throw v.error("has no <virtual_addr> (expected <interface_list><interface><real_interface>"
                    + "<virtual_addr addr=\"...\"/>)");
        }
        v.finish();
        return new VipConfig(tcpReset, interfaces);
    }

    private static VipConfig.VipInterface bindInterface(ElementReader i, List<ConfigWarning> warnings) {
        boolean check = i.flag("check", true);
        boolean arp = i.flag("arpreroute", false);
        Duration interval = i.duration("arpinterval", SECONDS, Duration.ofSeconds(60));
        Duration elapse = i.duration("arpelapse", SECONDS, Duration.ofSeconds(1200));
        Optional<String> name = i.optional("name");
        List<VipConfig.VirtualAddress> addrs = new ArrayList<>();
        for (XmlNode real : i.children("real_interface")) {
            ElementReader r = new ElementReader(real, warnings);
            for (XmlNode a : r.children("virtual_addr")) {
                ElementReader va = new ElementReader(a, warnings);
                String addr = va.address("addr");
                VipConfig.Where where = va.choice("where", "one_side_alias", "one_side_alias", "one_side")
                        .equals("one_side") ? VipConfig.Where.ONE_SIDE : VipConfig.Where.ONE_SIDE_ALIAS;
                boolean addrCheck = va.flag("check", true);
                boolean connections = va.flag("connections", false);
                Optional<String> netmask = va.optional("netmask").map(m -> va.address("netmask"));
                addrs.add(new VipConfig.VirtualAddress(addr, where, addrCheck, connections, netmask));
                va.finish();
            }
            r.finish();
        }
        i.finish();
        return new VipConfig.VipInterface(check, arp, interval, elapse, name, addrs);
    }

    /**
     * The {@code intf} and {@code ip} checkers SafeKit adds for {@code check="on"}
     * (safekit-behaviour.md §2.3, §2.8).
     */
    static List<Checker> generatedCheckers(VipConfig vip) {
        List<Checker> out = new ArrayList<>();
        for (VipConfig.VipInterface i : vip.interfaces()) {
            for (VipConfig.VirtualAddress a : i.addresses()) {
                Checker.Target to = new Checker.Target(Optional.of(a.address()), OptionalInt.empty(),
                        Checker.Target.DEFAULT_INTERVAL, Checker.Target.DEFAULT_TIMEOUT);
                if (i.check()) {
                    out.add(new Checker(Checker.Kind.INTF, a.address(), Checker.When.PRE, RecoveryAction.WAIT,
                            Optional.empty(), List.of(), Optional.empty(), List.of(to)));
                }
                if (a.check()) {
                    out.add(new Checker(Checker.Kind.IP, a.address(), Checker.When.PRIM, RecoveryAction.STOPSTART,
                            Optional.empty(), List.of(), Optional.empty(), List.of(to)));
                }
            }
        }
        return out;
    }
}
