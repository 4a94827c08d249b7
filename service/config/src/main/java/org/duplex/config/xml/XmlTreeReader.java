package org.duplex.config.xml;

import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.duplex.config.ConfigException;
import org.duplex.config.ConfigLocation;

/**
 * Reads an XML document into an {@link XmlNode} tree with line and column of every element,
 * using the StAX parser (Woodstox) that Jackson's XML module is built on.
 *
 * <p>Safe for untrusted module archives: DTDs are not processed (SafeKit's {@code <!DOCTYPE safe>}
 * is accepted and ignored) and external entities are never fetched. Malformed XML becomes a
 * {@link ConfigException} with the parser's line and column.
 */
public final class XmlTreeReader {
    private static final XMLInputFactory FACTORY = newFactory();

    private XmlTreeReader() {}

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = new XmlFactory().getXMLInputFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        // Report malformed text from next() as XMLStreamException, not later from getText() as
        // an unchecked "lazy" exception (Woodstox's default).
        if (f.isPropertySupported("com.ctc.wstx.lazyParsing")) {
            f.setProperty("com.ctc.wstx.lazyParsing", false);
        }
        return f;
    }

    /** Parses {@code content}; {@code file} is how messages name the file. */
    public static XmlNode read(byte[] content, String file) {
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(content));
            return readDocument(r, file);
        } catch (XMLStreamException e) {
            throw malformed(file, e);
        } catch (RuntimeException e) {
            // Any parser failure left unchecked still becomes a located config error, never a crash.
            if (e.getCause() instanceof XMLStreamException x) {
                throw malformed(file, x);
            }
            throw e;
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // Closing a reader over a byte array releases nothing that could fail.
                }
            }
        }
    }

    private static XmlNode readDocument(XMLStreamReader r, String file) throws XMLStreamException {
        Deque<Builder> open = new ArrayDeque<>();
        XmlNode root = null;
        while (r.hasNext()) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    if (!open.isEmpty()) {
                        open.peek().lastWasCharacters = false; // text after a child is a new block
                    }
                    open.push(new Builder(r, file));
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    XmlNode done = open.pop().build();
                    if (open.isEmpty()) {
                        root = done;
                    } else {
                        open.peek().children.add(done);
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                    if (!open.isEmpty() && !r.isWhiteSpace()) {
                        open.peek().addText(r.getText(), event == XMLStreamConstants.CDATA);
                    }
                }
                default -> { } // comments, processing instructions, DOCTYPE: nothing to keep
            }
        }
        if (root == null) {
            throw new ConfigException(ConfigLocation.of(file), "no XML element in the file (expected a <safe> document)");
        }
        return root;
    }

    private static ConfigException malformed(String file, XMLStreamException e) {
        Location loc = e.getLocation();
        ConfigLocation where = loc == null ? ConfigLocation.of(file)
                : new ConfigLocation(file, loc.getLineNumber(), loc.getColumnNumber());
        String detail = e.getMessage() == null ? e.toString() : e.getMessage();
        // StAX prefixes its own position ("ParseError at [row,col]:..." or "at [row,col {unknown-source}]"): keep the reason.
        int cut = detail.indexOf("Message: ");
        if (cut >= 0) {
            detail = detail.substring(cut + "Message: ".length());
        }
        detail = detail.replaceAll("\\s*at \\[row,col[^\\]]*\\]", "").replaceAll("\\s+", " ").trim();
        return new ConfigException(where, "malformed XML: " + detail, e);
    }

    /** Accumulates one open element. */
    private static final class Builder {
        final String name;
        final SequencedMap<String, String> attributes = new LinkedHashMap<>();
        final List<XmlNode> children = new ArrayList<>();
        final List<String> text = new ArrayList<>();
        final ConfigLocation location;
        boolean lastWasCharacters;

        Builder(XMLStreamReader r, String file) {
            name = r.getLocalName();
            Location loc = r.getLocation();
            location = new ConfigLocation(file, loc.getLineNumber(), loc.getColumnNumber());
            for (int i = 0; i < r.getAttributeCount(); i++) {
                attributes.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
            }
        }

        void addText(String chunk, boolean cdata) {
            // The parser may split one run of characters in several events: join them back.
            if (!cdata && lastWasCharacters && !text.isEmpty()) {
                text.set(text.size() - 1, text.getLast() + chunk);
            } else {
                text.add(chunk);
            }
            lastWasCharacters = !cdata;
        }

        XmlNode build() {
            return new XmlNode(name, attributes, children, text, location);
        }
    }
}
