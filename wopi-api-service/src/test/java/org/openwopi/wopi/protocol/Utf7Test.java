package org.openwopi.wopi.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Utf7Test {

    @Test
    void decodesTheExamplesOfRfc2152() {
        assertThat(Utf7.decode("A+ImIDkQ.")).isEqualTo("A\u2262\u0391.");
        assertThat(Utf7.decode("Hi Mom -+Jjo--!")).isEqualTo("Hi Mom -\u263A-!");
        assertThat(Utf7.decode("+ZeVnLIqe-")).isEqualTo("\u65E5\u672C\u8A9E");
        assertThat(Utf7.decode("Item 3 is +AKM-1.")).isEqualTo("Item 3 is \u00A31.");
    }

    @Test
    void plusMinusIsALiteralPlus() {
        assertThat(Utf7.decode("1 +- 1")).isEqualTo("1 + 1");
        assertThat(Utf7.encode("1 + 1")).isEqualTo("1 +- 1");
    }

    @Test
    void encodesOptionalCharactersAsDotNetDoes() {
        // Office (UTF7Encoding without optionals) sends "_" as +AF8-; the validator checks names like madeup_name.
        assertThat(Utf7.encode("madeup_name.wopitest")).isEqualTo("madeup+AF8-name.wopitest");
        assertThat(Utf7.decode("madeup+AF8-name.wopitest")).isEqualTo("madeup_name.wopitest");
        assertThat(Utf7.encode("Hi Mom -\u263A-!")).isEqualTo("Hi Mom -+Jjo--+ACE-");
    }

    @Test
    void directCharactersPassUnchanged() {
        assertThat(Utf7.encode("Report (final), v2.docx")).isEqualTo("Report (final), v2.docx");
        assertThat(Utf7.decode("Report (final), v2.docx")).isEqualTo("Report (final), v2.docx");
    }

    @Test
    void roundTripsAnyText() {
        for (String text : new String[] {"", "plain", "\u65E5\u672C\u8A9E.docx", "a+b_c!d~e", "\uD83D\uDE00 emoji.xlsx",
                "tab\tand spaces", "\u00E9t\u00E9 \u00E0 Paris.pptx", "++--__"}) {
            assertThat(Utf7.decode(Utf7.encode(text))).as(text).isEqualTo(text);
        }
    }

    @Test
    void aShiftedSequenceEndsAtTheFirstNonBase64Character() {
        assertThat(Utf7.decode("+AF8.txt")).isEqualTo("_.txt");
    }
}
