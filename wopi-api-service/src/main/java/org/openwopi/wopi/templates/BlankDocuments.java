package org.openwopi.wopi.templates;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Our own blank documents, for WOPI clients that cannot create one ({@code editnew} is Microsoft's): the smallest
 * packages Office and LibreOffice-based clients open without a repair prompt. Generated rather than shipped so there
 * is nothing to keep in step with a resource list (and nothing for the native image to miss); each is built once.
 */
public final class BlankDocuments {

    private static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
    private static final String REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static final String PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";
    private static final String DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main";
    private static final String PRESENTATION = "http://schemas.openxmlformats.org/presentationml/2006/main";
    private static final String OOXML_TYPE = "application/vnd.openxmlformats-officedocument.";

    private static final Map<String, byte[]> BUILT = Map.of(
            "docx", zip(docx(), false), "xlsx", zip(xlsx(), false), "pptx", zip(pptx(), false),
            "odt", zip(odf("text", "<office:text><text:p/></office:text>", ""), true),
            "ods", zip(odf("spreadsheet", "<office:spreadsheet><table:table table:name=\"Sheet1\">"
                    + "<table:table-column/><table:table-row><table:table-cell/></table:table-row>"
                    + "</table:table></office:spreadsheet>", ""), true),
            "odp", zip(odf("presentation", "<office:presentation><draw:page draw:name=\"page1\" "
                    + "draw:master-page-name=\"Default\"/></office:presentation>",
                    "<office:automatic-styles><style:page-layout style:name=\"PM1\"><style:page-layout-properties "
                    + "fo:page-width=\"28cm\" fo:page-height=\"15.75cm\" style:print-orientation=\"landscape\"/>"
                    + "</style:page-layout></office:automatic-styles><office:master-styles><style:master-page "
                    + "style:name=\"Default\" style:page-layout-name=\"PM1\"/></office:master-styles>"), true));

    private BlankDocuments() {
    }

    /** The kinds there is a blank of. */
    public static boolean has(String kind) {
        return kind != null && BUILT.containsKey(kind);
    }

    /** A blank document of the kind (docx, xlsx, pptx, odt, ods, odp): a fresh copy each time. */
    public static byte[] of(String kind) {
        byte[] built = kind == null ? null : BUILT.get(kind);
        if (built == null) {
            throw new IllegalArgumentException("no blank " + kind);
        }
        return built.clone();
    }

    private static Map<String, String> docx() {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("[Content_Types].xml", contentTypes(Map.of(
                "/word/document.xml", "wordprocessingml.document.main+xml")));
        parts.put("_rels/.rels", rels(Map.of("rId1", "officeDocument|word/document.xml")));
        parts.put("word/document.xml", XML + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/"
                + "wordprocessingml/2006/main\"><w:body><w:p/><w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
                + "<w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"708\" "
                + "w:footer=\"708\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>");
        return parts;
    }

    private static Map<String, String> xlsx() {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("[Content_Types].xml", contentTypes(Map.of(
                "/xl/workbook.xml", "spreadsheetml.sheet.main+xml",
                "/xl/worksheets/sheet1.xml", "spreadsheetml.worksheet+xml")));
        parts.put("_rels/.rels", rels(Map.of("rId1", "officeDocument|xl/workbook.xml")));
        parts.put("xl/workbook.xml", XML + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
                + "main\" xmlns:r=\"" + REL + "\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/>"
                + "</sheets></workbook>");
        parts.put("xl/_rels/workbook.xml.rels", rels(Map.of("rId1", "worksheet|worksheets/sheet1.xml")));
        parts.put("xl/worksheets/sheet1.xml", XML + "<worksheet xmlns=\"http://schemas.openxmlformats.org/"
                + "spreadsheetml/2006/main\"><sheetData/></worksheet>");
        return parts;
    }

    /** PowerPoint insists on a master, a layout and a theme behind even one empty slide. */
    private static Map<String, String> pptx() {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("[Content_Types].xml", contentTypes(Map.of(
                "/ppt/presentation.xml", "presentationml.presentation.main+xml",
                "/ppt/slideMasters/slideMaster1.xml", "presentationml.slideMaster+xml",
                "/ppt/slideLayouts/slideLayout1.xml", "presentationml.slideLayout+xml",
                "/ppt/slides/slide1.xml", "presentationml.slide+xml",
                "/ppt/theme/theme1.xml", "theme+xml")));
        parts.put("_rels/.rels", rels(Map.of("rId1", "officeDocument|ppt/presentation.xml")));
        parts.put("ppt/presentation.xml", XML + "<p:presentation xmlns:a=\"" + DRAWING + "\" xmlns:r=\"" + REL
                + "\" xmlns:p=\"" + PRESENTATION + "\"><p:sldMasterIdLst><p:sldMasterId id=\"2147483648\" "
                + "r:id=\"rId1\"/></p:sldMasterIdLst><p:sldIdLst><p:sldId id=\"256\" r:id=\"rId2\"/></p:sldIdLst>"
                + "<p:sldSz cx=\"12192000\" cy=\"6858000\"/><p:notesSz cx=\"6858000\" cy=\"9144000\"/>"
                + "</p:presentation>");
        parts.put("ppt/_rels/presentation.xml.rels", rels(Map.of(
                "rId1", "slideMaster|slideMasters/slideMaster1.xml",
                "rId2", "slide|slides/slide1.xml",
                "rId3", "theme|theme/theme1.xml")));
        parts.put("ppt/slideMasters/slideMaster1.xml", XML + "<p:sldMaster xmlns:a=\"" + DRAWING + "\" xmlns:r=\""
                + REL + "\" xmlns:p=\"" + PRESENTATION + "\"><p:cSld>" + emptyTree() + "</p:cSld>"
                + "<p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" "
                + "accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" "
                + "folHlink=\"folHlink\"/><p:sldLayoutIdLst><p:sldLayoutId id=\"2147483649\" r:id=\"rId1\"/>"
                + "</p:sldLayoutIdLst></p:sldMaster>");
        parts.put("ppt/slideMasters/_rels/slideMaster1.xml.rels", rels(Map.of(
                "rId1", "slideLayout|../slideLayouts/slideLayout1.xml",
                "rId2", "theme|../theme/theme1.xml")));
        parts.put("ppt/slideLayouts/slideLayout1.xml", XML + "<p:sldLayout xmlns:a=\"" + DRAWING + "\" xmlns:r=\""
                + REL + "\" xmlns:p=\"" + PRESENTATION + "\" type=\"blank\" preserve=\"1\"><p:cSld name=\"Blank\">"
                + emptyTree() + "</p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>");
        parts.put("ppt/slideLayouts/_rels/slideLayout1.xml.rels", rels(Map.of(
                "rId1", "slideMaster|../slideMasters/slideMaster1.xml")));
        parts.put("ppt/slides/slide1.xml", XML + "<p:sld xmlns:a=\"" + DRAWING + "\" xmlns:r=\"" + REL
                + "\" xmlns:p=\"" + PRESENTATION + "\"><p:cSld>" + emptyTree() + "</p:cSld><p:clrMapOvr>"
                + "<a:masterClrMapping/></p:clrMapOvr></p:sld>");
        parts.put("ppt/slides/_rels/slide1.xml.rels", rels(Map.of(
                "rId1", "slideLayout|../slideLayouts/slideLayout1.xml")));
        parts.put("ppt/theme/theme1.xml", XML + theme());
        return parts;
    }

    private static String emptyTree() {
        return "<p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>"
                + "<p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/><a:chOff x=\"0\" y=\"0\"/>"
                + "<a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr></p:spTree>";
    }

    /** A theme must name all twelve colours, both fonts and three of each style; these are Office's plain ones. */
    private static String theme() {
        StringBuilder colours = new StringBuilder();
        String[][] scheme = {{"dk1", "000000"}, {"lt1", "FFFFFF"}, {"dk2", "44546A"}, {"lt2", "E7E6E6"},
                {"accent1", "4472C4"}, {"accent2", "ED7D31"}, {"accent3", "A5A5A5"}, {"accent4", "FFC000"},
                {"accent5", "5B9BD5"}, {"accent6", "70AD47"}, {"hlink", "0563C1"}, {"folHlink", "954F72"}};
        for (String[] colour : scheme) {
            colours.append("<a:").append(colour[0]).append("><a:srgbClr val=\"").append(colour[1])
                    .append("\"/></a:").append(colour[0]).append('>');
        }
        String fill = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
        String line = "<a:ln w=\"6350\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln>";
        String effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
        String fonts = "<a:latin typeface=\"Calibri\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/>";
        return "<a:theme xmlns:a=\"" + DRAWING + "\" name=\"Office Theme\"><a:themeElements>"
                + "<a:clrScheme name=\"Office\">" + colours + "</a:clrScheme>"
                + "<a:fontScheme name=\"Office\"><a:majorFont>" + fonts + "</a:majorFont><a:minorFont>" + fonts
                + "</a:minorFont></a:fontScheme>"
                + "<a:fmtScheme name=\"Office\"><a:fillStyleLst>" + fill.repeat(3) + "</a:fillStyleLst>"
                + "<a:lnStyleLst>" + line.repeat(3) + "</a:lnStyleLst>"
                + "<a:effectStyleLst>" + effect.repeat(3) + "</a:effectStyleLst>"
                + "<a:bgFillStyleLst>" + fill.repeat(3) + "</a:bgFillStyleLst></a:fmtScheme>"
                + "</a:themeElements></a:theme>";
    }

    private static String contentTypes(Map<String, String> overrides) {
        StringBuilder xml = new StringBuilder(XML).append("<Types xmlns=\"http://schemas.openxmlformats.org/package/"
                + "2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-"
                + "package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>");
        overrides.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(part -> xml
                .append("<Override PartName=\"").append(part.getKey()).append("\" ContentType=\"")
                .append(OOXML_TYPE).append(part.getValue()).append("\"/>"));
        return xml.append("</Types>").toString();
    }

    /** {@code id → "type|target"}, the type one of the officeDocument relationship types. */
    private static String rels(Map<String, String> relationships) {
        StringBuilder xml = new StringBuilder(XML).append("<Relationships xmlns=\"").append(PKG_REL).append("\">");
        relationships.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(rel -> {
            String[] typeAndTarget = rel.getValue().split("\\|", 2);
            xml.append("<Relationship Id=\"").append(rel.getKey()).append("\" Type=\"").append(REL).append('/')
                    .append(typeAndTarget[0]).append("\" Target=\"").append(typeAndTarget[1]).append("\"/>");
        });
        return xml.append("</Relationships>").toString();
    }

    private static Map<String, String> odf(String kind, String body, String styles) {
        String namespaces = " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                + " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""
                + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
                + " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
                + " xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\""
                + " xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\""
                + " xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" office:version=\"1.2\"";
        String mime = "application/vnd.oasis.opendocument." + kind;
        Map<String, String> parts = new LinkedHashMap<>();
        // The package's first entry, stored: how a reader tells an ODF file from any zip.
        parts.put("mimetype", mime);
        parts.put("META-INF/manifest.xml", XML + "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:"
                + "xmlns:manifest:1.0\" manifest:version=\"1.2\"><manifest:file-entry manifest:full-path=\"/\" "
                + "manifest:version=\"1.2\" manifest:media-type=\"" + mime + "\"/><manifest:file-entry "
                + "manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/><manifest:file-entry "
                + "manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>");
        parts.put("content.xml", XML + "<office:document-content" + namespaces + "><office:body>" + body
                + "</office:body></office:document-content>");
        parts.put("styles.xml", XML + "<office:document-styles" + namespaces + ">" + styles
                + "</office:document-styles>");
        return parts;
    }

    private static byte[] zip(Map<String, String> parts, boolean odf) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, String> part : parts.entrySet()) {
                byte[] content = part.getValue().getBytes(StandardCharsets.UTF_8);
                ZipEntry entry = new ZipEntry(part.getKey());
                // A fixed time, so a blank is the same bytes on every replica and every start.
                entry.setTime(946684800000L);
                if (odf && part.getKey().equals("mimetype")) {
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(content.length);
                    entry.setCompressedSize(content.length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(content);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
