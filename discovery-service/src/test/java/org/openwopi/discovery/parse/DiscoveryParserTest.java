package org.openwopi.discovery.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openwopi.discovery.Fixtures;
import org.openwopi.discovery.model.DiscoveryDocument;
import org.openwopi.discovery.model.NetZone;
import org.openwopi.discovery.model.ProofKeys;
import org.openwopi.discovery.model.WopiAction;
import org.openwopi.discovery.model.WopiApp;

class DiscoveryParserTest {

    private static WopiAction action(NetZone zone, String app, String ext, String name) {
        return zone.apps().stream().filter(a -> a.name().equals(app)).flatMap(a -> a.actions().stream())
                .filter(a -> a.ext().equals(ext) && a.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void officeStyleDocumentYieldsZonesAppsActionsAndAttributes() {
        DiscoveryDocument doc = DiscoveryParser.parse(Fixtures.read("validator.xml"));

        NetZone zone = doc.zone("external-https").orElseThrow();
        assertThat(zone.name()).isEqualTo("external-https");
        assertThat(zone.apps()).extracting(WopiApp::name).contains("Word", "Excel", "PowerPoint", "WopiTest");
        WopiApp word = zone.apps().stream().filter(a -> a.name().equals("Word")).findFirst().orElseThrow();
        assertThat(word.favIconUrl()).isEqualTo("https://office.example.test/wv/resources/1033/FavIcon_Word.ico");
        assertThat(word.checkLicense()).isTrue();

        WopiAction edit = action(zone, "Word", "docx", "edit");
        assertThat(edit.requires()).containsExactly("locks", "update");
        assertThat(edit.isDefault()).isFalse();
        assertThat(edit.urlsrc()).startsWith("https://office.example.test/we/wordeditorframe.aspx?<ui=UI_LLCC&>");
        assertThat(action(zone, "Word", "docx", "view").isDefault()).isTrue();
        WopiAction convert = zone.apps().stream().flatMap(a -> a.actions().stream())
                .filter(a -> a.name().equals("convert") && a.ext().equals("doc")).findFirst().orElseThrow();
        assertThat(convert.targetext()).isEqualTo("docx");
    }

    @Test
    void officeStyleProofKeysAgreeInBothForms() {
        ProofKeys keys = DiscoveryParser.parse(Fixtures.read("validator.xml")).proofKeys().orElseThrow();

        assertThat(keys.problems()).isEmpty();
        assertThat(Base64.getDecoder().decode(keys.current().modulus())).hasSize(256);
        assertThat(keys.current().exponent()).isEqualTo("AQAB");
        assertThat(keys.old().modulus()).isNotEqualTo(keys.current().modulus());
    }

    @Test
    void collaboraStyleDocumentWithMimeTypeAppsAndEmptyExtensions() {
        DiscoveryDocument doc = DiscoveryParser.parse(Fixtures.read("collabora.xml"));

        NetZone zone = doc.zone("external-https").orElseThrow();
        assertThat(zone.name()).as("falls back to the only zone").isEqualTo("external-http");
        assertThat(zone.apps()).extracting(WopiApp::name).contains("writer", "calc", "impress", "application/vnd.oasis.opendocument.text");
        assertThat(action(zone, "writer", "docx", "edit").urlsrc()).isEqualTo("https://collabora.example.test/browser/3c1d2e4/cool.html?");
        assertThat(action(zone, "application/vnd.oasis.opendocument.text", "", "edit").isDefault()).isTrue();
        assertThat(doc.proofKeys().orElseThrow().problems()).isEmpty();
    }

    @Test
    void blobThatDisagreesWithModulusIsReportedAndTheModulusFormKept() {
        ProofKeys keys = DiscoveryParser.parse(Fixtures.read("collabora-inconsistent-keys.xml")).proofKeys().orElseThrow();

        assertThat(keys.consistent()).isFalse();
        assertThat(keys.problems()).singleElement().asString().contains("current key");
        assertThat(keys.current().modulus()).isEqualTo(Fixtures.read("collabora-modulus.txt").strip());
    }

    @Test
    void blobOnlyKeysGetTheirModulusAndExponentDerived() {
        ProofKeys keys = DiscoveryParser.parse(Fixtures.read("collabora-blob-only-keys.xml")).proofKeys().orElseThrow();

        assertThat(keys.problems()).isEmpty();
        assertThat(keys.current().modulus()).isEqualTo(Fixtures.read("collabora-modulus.txt").strip());
        assertThat(keys.current().exponent()).isEqualTo("AQAB");
    }

    @Test
    void modulusOnlyKeysGetTheirCspBlobBuiltAndItRoundTrips() {
        String modulus = Fixtures.read("collabora-modulus.txt").strip();
        String xml = "<wopi-discovery><net-zone name=\"external-https\"><app name=\"Word\"><action name=\"view\" ext=\"docx\" urlsrc=\"https://x/?\"/>"
                + "</app></net-zone><proof-key modulus=\"" + modulus + "\" exponent=\"AQAB\" oldmodulus=\"" + modulus
                + "\" oldexponent=\"AQAB\"/></wopi-discovery>";

        ProofKeys keys = DiscoveryParser.parse(xml).proofKeys().orElseThrow();
        ProofKeys reparsed = DiscoveryParser.parse(xml.replace("modulus=\"" + modulus + "\" exponent=\"AQAB\" old",
                "value=\"" + keys.current().cspBlob() + "\" old")).proofKeys().orElseThrow();

        assertThat(reparsed.current().modulus()).isEqualTo(modulus);
        assertThat(reparsed.problems()).isEmpty();
    }

    @Test
    void documentWithoutProofKeysHasNone() {
        String xml = "<wopi-discovery><net-zone name=\"external-https\"><app name=\"Word\">"
                + "<action name=\"view\" ext=\"DOCX\" urlsrc=\"https://x/?\"/></app></net-zone></wopi-discovery>";

        DiscoveryDocument doc = DiscoveryParser.parse(xml);

        assertThat(doc.proofKeys()).isEmpty();
        assertThat(doc.netZones().get(0).apps().get(0).actions()).extracting(WopiAction::ext).isEqualTo(List.of("docx"));
    }

    @Test
    void malformedXmlIsRefused() {
        assertThatThrownBy(() -> DiscoveryParser.parse("<wopi-discovery><net-zone>"))
                .isInstanceOf(InvalidDiscoveryException.class).hasMessageContaining("well-formed");
    }

    @Test
    void documentWithoutAppsIsRefused() {
        assertThatThrownBy(() -> DiscoveryParser.parse("<wopi-discovery><net-zone name=\"a\"/></wopi-discovery>"))
                .isInstanceOf(InvalidDiscoveryException.class).hasMessageContaining("no <app>");
        assertThatThrownBy(() -> DiscoveryParser.parse("<html><body>login</body></html>"))
                .isInstanceOf(InvalidDiscoveryException.class);
    }

    @Test
    void externalEntitiesAreNeverResolved() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
                + "<wopi-discovery><net-zone name=\"z\"><app name=\"&x;\"><action name=\"view\" ext=\"docx\" urlsrc=\"https://x/?\"/>"
                + "</app></net-zone></wopi-discovery>";

        assertThatThrownBy(() -> DiscoveryParser.parse(xml)).isInstanceOf(InvalidDiscoveryException.class);
    }
}
