package org.duplex.config.xml;

import java.net.InetAddress;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.duplex.config.ConfigException;
import org.duplex.config.ConfigWarning;
import org.duplex.config.SafeDuration;

/**
 * Typed access to one element's attributes and children, with the element's location in every
 * error. It remembers what the binder read: {@link #finish()} reports every attribute and child
 * element nobody read as a warning (SafeKit has many that Duplex does not implement), so nothing
 * is ever silently ignored.
 */
public final class ElementReader {
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final XmlNode node;
    private final List<ConfigWarning> warnings;
    private final Set<String> readAttributes = new HashSet<>();
    private final Set<String> readChildren = new HashSet<>();

    public ElementReader(XmlNode node, List<ConfigWarning> warnings) {
        this.node = node;
        this.warnings = warnings;
    }

    /** Where this reader (and readers of child elements) collect warnings. */
    public List<ConfigWarning> warnings() {
        return warnings;
    }

    public XmlNode node() {
        return node;
    }

    /** An error at this element about {@code attribute}. */
    public ConfigException error(String attribute, String problem) {
        return new ConfigException(node.location(), node.tag() + " attribute '" + attribute + "': " + problem);
    }

    /** An error at this element. */
    public ConfigException error(String problem) {
        return new ConfigException(node.location(), node.tag() + ": " + problem);
    }

    public void warn(String message) {
        warnings.add(new ConfigWarning(node.location(), message));
    }

    public Optional<String> optional(String attribute) {
        readAttributes.add(attribute);
        return Optional.ofNullable(node.attributes().get(attribute));
    }

    public String required(String attribute) {
        String v = optional(attribute).orElseThrow(() -> error(attribute, "missing (it is required)"));
        if (v.isBlank()) {
            throw error(attribute, "is empty (it is required)");
        }
        return v;
    }

    public String string(String attribute, String defaultValue) {
        return optional(attribute).orElse(defaultValue);
    }

    /** on/off (also yes/no, true/false, as SafeKit's attributes mix them). */
    public boolean flag(String attribute, boolean defaultValue) {
        Optional<String> v = optional(attribute);
        if (v.isEmpty()) {
            return defaultValue;
        }
        return switch (v.get().trim().toLowerCase(Locale.ROOT)) {
            case "on", "yes", "true" -> true;
            case "off", "no", "false" -> false;
            default -> throw error(attribute, "'" + v.get() + "' is not a switch (expected on or off)");
        };
    }

    public long integer(String attribute, long defaultValue, long min, long max) {
        Optional<String> v = optional(attribute);
        if (v.isEmpty()) {
            return defaultValue;
        }
        long n;
        try {
            n = Long.parseLong(v.get().trim());
        } catch (NumberFormatException e) {
            throw error(attribute, "'" + v.get() + "' is not an integer (expected " + range(min, max) + ")");
        }
        if (n < min || n > max) {
            throw error(attribute, "" + n + " is out of range (expected " + range(min, max) + ")");
        }
        return n;
    }

    private static String range(long min, long max) {
        return max == Long.MAX_VALUE ? "an integer >= " + min : "an integer from " + min + " to " + max;
    }

    /** A SafeKit time value; see {@link SafeDuration}. */
    public Duration duration(String attribute, ChronoUnit defaultUnit, Duration defaultValue) {
        Optional<String> v = optional(attribute);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return SafeDuration.parse(v.get(), defaultUnit);
        } catch (IllegalArgumentException e) {
            throw error(attribute, e.getMessage());
        }
    }

    /** One of {@code allowed} (case-insensitive), returned lower-cased. */
    public String choice(String attribute, String defaultValue, String... allowed) {
        Optional<String> v = optional(attribute);
        if (v.isEmpty()) {
            return defaultValue;
        }
        String lower = v.get().trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(lower)) {
                return a;
            }
        }
        throw error(attribute, "'" + v.get() + "' is not allowed (expected one of " + String.join(", ", allowed) + ")");
    }

    /** A regular expression; SafeKit's are POSIX ERE, which Java's syntax accepts for the common subset. */
    public Optional<String> regex(String attribute) {
        Optional<String> v = optional(attribute);
        v.ifPresent(re -> {
            try {
                Pattern.compile(re.startsWith("!") ? re.substring(1) : re);
            } catch (PatternSyntaxException e) {
                throw error(attribute, "'" + re + "' is not a valid regular expression: " + e.getDescription());
            }
        });
        return v;
    }

    /**
     * An IPv4 or IPv6 literal (IPv6 optionally in brackets) or a host name, checked without any
     * DNS look-up: placeholders such as {@code VIRTUAL_TO_BE_DEFINED} are rejected.
     */
    public String address(String attribute) {
        String v = required(attribute).trim();
        String bare = v.startsWith("[") && v.endsWith("]") ? v.substring(1, v.length() - 1) : v;
        if (isIpLiteral(bare) || (!IPV4.matcher(bare).matches() && HOST_NAME.matcher(bare).matches()
                && !bare.chars().allMatch(c -> Character.isDigit(c) || c == '.'))) {
            return bare;
        }
        throw error(attribute, "'" + v + "' is not an address (expected an IPv4 address such as 192.168.1.222,"
                + " an IPv6 address, or a host name)");
    }

    private static boolean isIpLiteral(String s) {
        if (IPV4.matcher(s).matches()) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (s.indexOf(':') < 0 || !s.matches("[0-9A-Fa-f:.%a-zA-Z0-9]+")) {
            return false;
        }
        try {
            // With a ':' the string is an IPv6 literal: InetAddress parses it without DNS.
            return InetAddress.getByName(s) != null;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** The children named {@code childName}, marked as read. */
    public List<XmlNode> children(String childName) {
        readChildren.add(childName);
        return node.children(childName);
    }

    /** The single child named {@code childName}; a second one is an error. */
    public Optional<XmlNode> child(String childName) {
        List<XmlNode> found = children(childName);
        if (found.size() > 1) {
            throw new ConfigException(found.get(1).location(), "<" + childName + "> appears more than once in "
                    + node.tag() + " (first at line " + found.get(0).location().line() + "; expected at most one)");
        }
        return found.stream().findFirst();
    }

    /** The element's text blocks, marked as read. */
    public List<String> text() {
        readChildren.add("#text");
        return node.textBlocks();
    }

    /** Warns about every attribute and child element that was not read. */
    public void finish() {
        for (String attr : node.attributes().keySet()) {
            if (!readAttributes.contains(attr)) {
                warn(node.tag() + " attribute '" + attr + "' is not implemented by Duplex; ignored");
            }
        }
        List<String> seen = new ArrayList<>();
        for (XmlNode child : node.children()) {
            if (!readChildren.contains(child.name()) && !seen.contains(child.name())) {
                seen.add(child.name());
                warnings.add(new ConfigWarning(child.location(), "element " + child.tag() + " in " + node.tag()
                        + " is not implemented by Duplex; ignored"));
            }
        }
        if (!readChildren.contains("#text") && !node.textBlocks().isEmpty()) {
            warn(node.tag() + " contains text, which Duplex ignores");
        }
    }
}
