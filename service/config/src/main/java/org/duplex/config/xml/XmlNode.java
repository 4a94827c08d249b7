package org.duplex.config.xml;

import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.UnaryOperator;
import java.util.LinkedHashMap;
import java.util.Collections;
import org.duplex.config.ConfigLocation;

/**
 * One XML element with where it starts in the file. Config binding works on this small tree
 * (not on Jackson's data binding) because every error and warning must name a line and column.
 *
 * @param textBlocks the element's own non-blank text and CDATA sections, in order, untrimmed
 */
public record XmlNode(
        String name,
        SequencedMap<String, String> attributes,
        List<XmlNode> children,
        List<String> textBlocks,
        ConfigLocation location) {

    public XmlNode {
        attributes = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(attributes));
        children = List.copyOf(children);
        textBlocks = List.copyOf(textBlocks);
    }

    /** The direct children named {@code childName}, in document order. */
    public List<XmlNode> children(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    /** A copy of this subtree with {@code f} applied to every attribute value and text block. */
    public XmlNode mapValues(UnaryOperator<String> f) {
        SequencedMap<String, String> attrs = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            attrs.put(e.getKey(), f.apply(e.getValue()));
        }
        return new XmlNode(name, attrs, children.stream().map(c -> c.mapValues(f)).toList(),
                textBlocks.stream().map(f).toList(), location);
    }

    /** {@code <name>} as written in messages. */
    public String tag() {
        return "<" + name + ">";
    }
}
