package org.openwopi.common.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CorrelationTest {

    @Test
    void anOfficeCorrelationIdIsKeptAsItIs() {
        assertThat(Correlation.clean("3f2504e0-4f89-11d3-9a0c-0305e82c3301")).isEqualTo("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        assertThat(Correlation.clean("{3F2504E0-4F89-11D3-9A0C-0305E82C3301}")).isEqualTo("{3F2504E0-4F89-11D3-9A0C-0305E82C3301}");
    }

    @Test
    void aValueThatCouldForgeOrFloodALogLineIsCutDown() {
        assertThat(Correlation.clean("abc\n12:00 ERROR forged line")).isEqualTo("abc12:00ERRORforgedline");
        assertThat(Correlation.clean("x".repeat(10_000))).hasSize(Correlation.MAX_LENGTH);
        assertThat(Correlation.clean("\u202e\r\n ")).isNull();
        assertThat(Correlation.clean(null)).isNull();
    }

    @Test
    void theIdTravelsAsBaggageAndIsReadBackAmongOtherMembers() {
        String header = "other=1, " + Correlation.baggage("3f2504e0-4f89") + ";prop=x";
        assertThat(Correlation.fromBaggage(header)).isEqualTo("3f2504e0-4f89");
        assertThat(Correlation.fromBaggage("other=1")).isNull();
        assertThat(Correlation.fromBaggage("wopi.correlation_id=%zz")).isNull();
        assertThat(Correlation.fromBaggage(null)).isNull();
    }
}
