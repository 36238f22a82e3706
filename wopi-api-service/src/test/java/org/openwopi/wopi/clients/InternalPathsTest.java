package org.openwopi.wopi.clients;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InternalPathsTest {

    @Test
    void aCallIsNamedAfterItsRouteWithoutTheIdsOrNamesOfFilesAndPeople() {
        assertThat(InternalPaths.template("/files/0b7c5f5e-2f7e-4b1c-9a53-0d2b7c1f2a11/content")).isEqualTo("/files/{id}/content");
        assertThat(InternalPaths.template("/homes/alice")).isEqualTo("/homes/{id}");
        assertThat(InternalPaths.template("/files/abc/unsaved/def/content")).isEqualTo("/files/{id}/unsaved/{id}/content");
        assertThat(InternalPaths.template("/discovery/clients/collabora/proof-keys")).isEqualTo("/discovery/clients/{id}/proof-keys");
        assertThat(InternalPaths.template("/files/x/versions/3/restore")).isEqualTo("/files/{id}/versions/{id}/restore");
        assertThat(InternalPaths.template("/audit")).isEqualTo("/audit");
        assertThat(InternalPaths.template("/folders/Some%20Name")).isEqualTo("/folders/{id}");
    }
}
