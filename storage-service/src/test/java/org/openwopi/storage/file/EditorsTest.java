package org.openwopi.storage.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.openwopi.common.ApiException;

class EditorsTest {

    @Test
    void listsEachEditorOnceInOrderAndIgnoresBlanks() {
        assertThat(Editors.parse(" bob, alice,,bob , ")).containsExactly("bob", "alice");
        assertThat(Editors.parse(null)).isEmpty();
        assertThat(Editors.parse("  ")).isEmpty();
    }

    @Test
    void keepsAtMostSixtyFourAndRefusesWhatNoUserIdLooksLike() {
        String many = IntStream.range(0, 100).mapToObj(i -> "user" + i).collect(Collectors.joining(","));
        assertThat(Editors.parse(many)).hasSize(Editors.MAX_EDITORS).startsWith("user0").endsWith("user63");
        assertThatThrownBy(() -> Editors.parse("x".repeat(Editors.MAX_LENGTH + 1))).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> Editors.parse("b\u0001ob")).isInstanceOf(ApiException.class);
    }
}
