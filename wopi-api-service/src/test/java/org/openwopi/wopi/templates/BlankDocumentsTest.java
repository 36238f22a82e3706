package org.openwopi.wopi.templates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class BlankDocumentsTest {

    private static final String CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types";
    private static final String PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";

    @ParameterizedTest
    @ValueSource(strings = {"docx", "xlsx", "pptx"})
    void everyOoxmlPartHasItsContentTypeAndEveryRelationshipLeadsToAPart(String kind) throws Exception {
        Map<String, Document> parts = parts(BlankDocuments.of(kind));
        Document types = parts.get("[Content_Types].xml");
        Set<String> overridden = new java.util.HashSet<>();
        NodeList overrides = types.getElementsByTagNameNS(CONTENT_TYPES, "Override");
        for (int i = 0; i < overrides.getLength(); i++) {
            overridden.add(((Element) overrides.item(i)).getAttribute("PartName"));
        }
        for (String part : parts.keySet()) {
            if (!part.endsWith(".rels") && !part.equals("[Content_Types].xml")) {
                assertTrue(overridden.contains("/" + part), part + " has no content type");
            }
        }
        for (String name : overridden) {
            assertTrue(parts.containsKey(name.substring(1)), "content type for a missing part " + name);
        }
        int relationships = 0;
        for (Map.Entry<String, Document> part : parts.entrySet()) {
            if (!part.getKey().endsWith(".rels")) {
                continue;
            }
            // _rels/x.xml.rels describes x.xml: targets are relative to x.xml's folder.
            String source = part.getKey().replace("_rels/", "").replaceAll("\\.rels$", "");
            URI base = URI.create("/" + source);
            NodeList rels = part.getValue().getElementsByTagNameNS(PKG_REL, "Relationship");
            for (int i = 0; i < rels.getLength(); i++) {
                String target = base.resolve(((Element) rels.item(i)).getAttribute("Target")).getPath().substring(1);
                assertTrue(parts.containsKey(target), part.getKey() + " leads to a missing part " + target);
                relationships++;
            }
        }
        assertTrue(relationships >= 1, "the package names its main part");
    }

    @Test
    void aPresentationHasItsMasterLayoutThemeAndOneSlide() throws Exception {
        Map<String, Document> parts = parts(BlankDocuments.of("pptx"));
        assertTrue(parts.keySet().containsAll(Set.of("ppt/presentation.xml", "ppt/slideMasters/slideMaster1.xml",
                "ppt/slideLayouts/slideLayout1.xml", "ppt/slides/slide1.xml", "ppt/theme/theme1.xml")));
        Document theme = parts.get("ppt/theme/theme1.xml");
        String drawing = "http://schemas.openxmlformats.org/drawingml/2006/main";
        assertEquals(12, ((Element) theme.getElementsByTagNameNS(drawing, "clrScheme").item(0)).getChildNodes().getLength());
        assertEquals(3, ((Element) theme.getElementsByTagNameNS(drawing, "fillStyleLst").item(0)).getChildNodes().getLength());
        assertEquals(1, parts.get("ppt/presentation.xml").getElementsByTagNameNS(
                "http://schemas.openxmlformats.org/presentationml/2006/main", "sldId").getLength());
    }

    @ParameterizedTest
    @ValueSource(strings = {"odt", "ods", "odp"})
    void anOdfPackageStartsWithItsStoredMimetypeAndItsManifestNamesItsParts(String kind) throws Exception {
        byte[] document = BlankDocuments.of(kind);
        String mime = "application/vnd.oasis.opendocument." + Map.of("odt", "text", "ods", "spreadsheet",
                "odp", "presentation").get(kind);
        // What a reader sniffs: "mimetype" at byte 30 of the first local header, its uncompressed content at 38.
        assertEquals("mimetype", new String(document, 30, 8, StandardCharsets.US_ASCII));
        assertEquals(mime, new String(document, 38, mime.length(), StandardCharsets.US_ASCII));
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(document))) {
            ZipEntry first = zip.getNextEntry();
            assertEquals("mimetype", first.getName());
            assertEquals(ZipEntry.STORED, first.getMethod());
        }
        Map<String, Document> parts = parts(document);
        String manifest = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";
        NodeList entries = parts.get("META-INF/manifest.xml").getElementsByTagNameNS(manifest, "file-entry");
        Map<String, String> listed = new LinkedHashMap<>();
        for (int i = 0; i < entries.getLength(); i++) {
            Element entry = (Element) entries.item(i);
            listed.put(entry.getAttributeNS(manifest, "full-path"), entry.getAttributeNS(manifest, "media-type"));
        }
        assertEquals(mime, listed.get("/"));
        assertTrue(parts.containsKey("content.xml") && listed.containsKey("content.xml"));
        assertTrue(parts.containsKey("styles.xml") && listed.containsKey("styles.xml"));
    }

    @Test
    void everyCallGetsTheSameBytesAndItsOwnCopy() {
        byte[] first = BlankDocuments.of("docx");
        byte[] second = BlankDocuments.of("docx");
        assertArrayEquals(first, second);
        first[0] = 0;
        assertFalse(first[0] == BlankDocuments.of("docx")[0]);
    }

    @Test
    void thereIsNoBlankOfAnotherKind() {
        assertFalse(BlankDocuments.has("doc"));
        assertFalse(BlankDocuments.has(null));
        assertThrows(IllegalArgumentException.class, () -> BlankDocuments.of("exe"));
    }

    /** Every entry, each parsed as namespaced XML (the ODF mimetype entry, plain text, as its own text). */
    private static Map<String, Document> parts(byte[] zipBytes) throws Exception {
        Map<String, Document> parts = new LinkedHashMap<>();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                byte[] content = zip.readAllBytes();
                if (entry.getName().equals("mimetype")) {
                    parts.put("mimetype", null);
                    continue;
                }
                parts.put(entry.getName(), parse(factory, content, entry.getName()));
            }
        }
        return parts;
    }

    private static Document parse(DocumentBuilderFactory factory, byte[] content, String name) throws Exception {
        try {
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(content));
        } catch (org.xml.sax.SAXException | IOException e) {
            throw new AssertionError(name + " is not well-formed XML: " + e.getMessage(), e);
        }
    }
}
