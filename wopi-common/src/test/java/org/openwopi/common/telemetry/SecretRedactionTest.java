package org.openwopi.common.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretRedactionTest {

    @Test
    void theValuesOfCredentialParametersAreReplacedAndEverythingElseKept() {
        assertThat(SecretRedaction.redact("access_token=eyJ.abc.def&access_token_ttl=0"))
                .isEqualTo("access_token=REDACTED&access_token_ttl=0");
        assertThat(SecretRedaction.redact("t=eyJ.x.y")).isEqualTo("t=REDACTED");
        assertThat(SecretRedaction.redact("/login?code=abc&state=xyz&next=%2F")).isEqualTo("/login?code=REDACTED&state=REDACTED&next=%2F");
        assertThat(SecretRedaction.redact("https://host/wopi/files/1?ACCESS_TOKEN=secret#frag"))
                .isEqualTo("https://host/wopi/files/1?ACCESS_TOKEN=REDACTED#frag");
    }

    @Test
    void whatCarriesNoCredentialIsLeftAlone() {
        assertThat(SecretRedaction.redact("name=Budget.xlsx&folderId=42")).isEqualTo("name=Budget.xlsx&folderId=42");
        assertThat(SecretRedaction.redact("/wopi/files/1")).isEqualTo("/wopi/files/1");
        assertThat(SecretRedaction.redact("http://discovery.example/hosting/discovery")).isEqualTo("http://discovery.example/hosting/discovery");
        assertThat(SecretRedaction.redact("")).isEmpty();
        assertThat(SecretRedaction.redact("tt=1&t")).isEqualTo("tt=1&t");
    }
}
