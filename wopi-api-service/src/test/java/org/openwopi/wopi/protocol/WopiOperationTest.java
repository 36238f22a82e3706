package org.openwopi.wopi.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.openwopi.wopi.protocol.WopiOperation.Endpoint;

/** Which operation a request's shape names, and how a shape we do not serve is refused. */
class WopiOperationTest {

    private static WopiOperation of(Endpoint endpoint, String sub, String method, String override) {
        return WopiOperation.of(endpoint, sub, method, override, "/wopi/x");
    }

    private static int refusal(Endpoint endpoint, String sub, String method, String override) {
        return catchThrowableOfType(WopiException.class, () -> of(endpoint, sub, method, override)).status();
    }

    @Test
    void theOverrideChoosesAmongTheOperationsOfOnePostAndIsReadAsOfficeSendsIt() {
        assertThat(of(Endpoint.FILES, "", "POST", "LOCK")).isEqualTo(WopiOperation.LOCK);
        assertThat(of(Endpoint.FILES, "", "POST", " unlock ")).isEqualTo(WopiOperation.UNLOCK);
        assertThat(of(Endpoint.FILES, "", "POST", "PUT_RELATIVE")).isEqualTo(WopiOperation.PUT_RELATIVE_FILE);
        assertThat(of(Endpoint.FILES, "", "POST", "DELETE")).isEqualTo(WopiOperation.DELETE_FILE);
        assertThat(of(Endpoint.FILES, "contents", "POST", "PUT")).isEqualTo(WopiOperation.PUT_FILE);
        assertThat(of(Endpoint.CONTAINERS, "", "POST", "CREATE_CHILD_FILE")).isEqualTo(WopiOperation.CREATE_CHILD_FILE);
    }

    @Test
    void aGetNeedsNoOverrideAndIgnoresOne() {
        assertThat(of(Endpoint.FILES, "", "GET", null)).isEqualTo(WopiOperation.CHECK_FILE_INFO);
        assertThat(of(Endpoint.FILES, "contents", "GET", "LOCK")).isEqualTo(WopiOperation.GET_FILE);
        assertThat(of(Endpoint.CONTAINERS, "children", "GET", null)).isEqualTo(WopiOperation.ENUMERATE_CHILDREN);
        assertThat(of(Endpoint.ECOSYSTEM, "root_container_pointer", "GET", null)).isEqualTo(WopiOperation.GET_ROOT_CONTAINER);
    }

    @Test
    void anUnknownOverrideIs501AnUnknownEndpoint404AndAnotherMethod405() {
        assertThat(refusal(Endpoint.FILES, "", "POST", "GET_CHUNKED_FILE")).isEqualTo(501);
        assertThat(refusal(Endpoint.FILES, "", "POST", null)).isEqualTo(501);
        assertThat(refusal(Endpoint.FILES, "contents", "POST", "LOCK")).isEqualTo(501);
        assertThat(refusal(Endpoint.FILES, "versions", "GET", null)).isEqualTo(404);
        assertThat(refusal(Endpoint.FILES, "ancestry", "POST", "LOCK")).isEqualTo(404);
        assertThat(refusal(Endpoint.ECOSYSTEM, "", "POST", null)).isEqualTo(404);
        assertThat(refusal(Endpoint.FILES, "", "PUT", null)).isEqualTo(405);
        assertThat(refusal(Endpoint.FILES, "contents", "DELETE", null)).isEqualTo(405);
    }

    @Test
    void everyOperationIsReachedByItsOwnShapeAndNoShapeNamesTwo() {
        for (WopiOperation operation : WopiOperation.values()) {
            assertThat(WopiOperation.of(operation.endpoint(), operation.sub(), operation.method(), operation.override(),
                    "/wopi/x")).isEqualTo(operation);
        }
    }
}
