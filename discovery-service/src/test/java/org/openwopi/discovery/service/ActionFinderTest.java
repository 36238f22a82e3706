package org.openwopi.discovery.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.openwopi.discovery.Fixtures;
import org.openwopi.discovery.model.NetZone;
import org.openwopi.discovery.parse.DiscoveryParser;

class ActionFinderTest {

    private final NetZone office = DiscoveryParser.parse(Fixtures.read("validator.xml")).zone("external-https").orElseThrow();
    private final NetZone collabora = DiscoveryParser.parse(Fixtures.read("collabora.xml")).zone("external-https").orElseThrow();

    @Test
    void exactActionIsFoundCaseInsensitively() {
        ActionFinder.Found found = ActionFinder.find(office, "DOCX", "Edit").orElseThrow();

        assertThat(found.app().name()).isEqualTo("Word");
        assertThat(found.action().name()).isEqualTo("edit");
        assertThat(found.fellBackFrom()).isEmpty();
    }

    @Test
    void missingEmbedviewFallsBackToView() {
        ActionFinder.Found found = ActionFinder.find(collabora, "pdf", "embedview").orElseThrow();

        assertThat(found.action().name()).isEqualTo("view");
        assertThat(found.fellBackFrom()).isEqualTo(Optional.of("embedview"));
    }

    @Test
    void missingEditnewFallsBackToEdit() {
        assertThat(ActionFinder.find(collabora, "docx", "editnew").orElseThrow().action().name()).isEqualTo("edit");
    }

    @Test
    void noActionNameMeansTheDefault() {
        assertThat(ActionFinder.find(office, "xlsx", "").orElseThrow().action().name()).isEqualTo("view");
        assertThat(ActionFinder.find(collabora, "odt", null).orElseThrow().action().name()).isEqualTo("edit");
    }

    @Test
    void unknownExtensionOrActionFindsNothing() {
        assertThat(ActionFinder.find(office, "exe", "view")).isEmpty();
        assertThat(ActionFinder.find(collabora, "pdf", "edit")).isEmpty();
    }
}
