package org.openwopi.discovery.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ActionUrlResolverTest {

    private static final String WOPI_SRC = "https://wopi.example.com/wopi/files/abc";
    private static final String ENCODED = "https%3A%2F%2Fwopi.example.com%2Fwopi%2Ffiles%2Fabc";
    private static final String OFFICE = "https://o/we/wordeditorframe.aspx?<ui=UI_LLCC&><rs=DC_LLCC&><dchat=DISABLE_CHAT&>"
            + "<hid=HOST_SESSION_ID&><wopisrc=WOPI_SOURCE&><IsLicensedUser=BUSINESS_USER&><showpagestats=PERFSTATS&>";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("known placeholders filled, the rest removed, WOPISrc in its placeholder",
                        OFFICE, Map.of("UI_LLCC", "en-US", "DC_LLCC", "fr-FR", "BUSINESS_USER", "1"),
                        "https://o/we/wordeditorframe.aspx?ui=en-US&rs=fr-FR&wopisrc=" + ENCODED + "&IsLicensedUser=1"),
                Arguments.of("no values: only WOPISrc stays",
                        OFFICE, Map.of(), "https://o/we/wordeditorframe.aspx?wopisrc=" + ENCODED),
                Arguments.of("blank values count as absent",
                        OFFICE, Map.of("UI_LLCC", " "), "https://o/we/wordeditorframe.aspx?wopisrc=" + ENCODED),
                Arguments.of("unknown placeholder removed even when a value is offered",
                        "https://o/x.aspx?<foo=MADE_UP&><ui=UI_LLCC&>", Map.of("MADE_UP", "1", "UI_LLCC", "de-DE"),
                        "https://o/x.aspx?ui=de-DE&WOPISrc=" + ENCODED),
                Arguments.of("template without WOPI_SOURCE ending in ? gets WOPISrc appended (Collabora)",
                        "https://c/browser/1/cool.html?", Map.of("UI_LLCC", "en-US"), "https://c/browser/1/cool.html?WOPISrc=" + ENCODED),
                Arguments.of("template without a query gets one",
                        "https://c/cool.html", Map.of(), "https://c/cool.html?WOPISrc=" + ENCODED),
                Arguments.of("fixed parameters before placeholders are kept",
                        "https://o/wv.aspx?embed=1&<ui=UI_LLCC&>", Map.of("UI_LLCC", "en-US"),
                        "https://o/wv.aspx?embed=1&ui=en-US&WOPISrc=" + ENCODED),
                Arguments.of("last placeholder without its ampersand",
                        "https://o/v.aspx?<testcategory=VALIDATOR_TEST_CATEGORY>", Map.of("VALIDATOR_TEST_CATEGORY", "All"),
                        "https://o/v.aspx?testcategory=All&WOPISrc=" + ENCODED),
                Arguments.of("values are URL-encoded",
                        "https://o/v.aspx?<sc=SESSION_CONTEXT&>", Map.of("SESSION_CONTEXT", "a b&c=d"),
                        "https://o/v.aspx?sc=a%20b%26c%3Dd&WOPISrc=" + ENCODED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolvesTemplate(String description, String urlsrc, Map<String, String> values, String expected) {
        assertThat(ActionUrlResolver.resolve(urlsrc, WOPI_SRC, values)).isEqualTo(expected);
    }
}
