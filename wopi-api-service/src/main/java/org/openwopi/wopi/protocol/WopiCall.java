package org.openwopi.wopi.protocol;

import org.openwopi.wopi.clients.RequestBody;
import org.openwopi.wopi.security.access.AccessGate;
import org.openwopi.wopi.security.token.AccessToken;
import org.openwopi.wopi.security.token.Permission;

/**
 * One authenticated WOPI request, as the operations see it: the operation, the file or folder it names, the token it
 * carried (verified, and scoped to that file or folder), its headers and its still unread body.
 *
 * @param id   the file or folder id; empty for the ecosystem
 * @param path the request's path, for messages
 */
public record WopiCall(WopiOperation operation, String id, AccessToken token, Headers headers, RequestBody body,
                       String path) {

    /** A request's headers, by name (case ignored); null when absent. */
    @FunctionalInterface
    public interface Headers {
        String get(String name);
    }

    /** A request header, with an empty value taken as absent (Office sends empty lock headers when it holds none). */
    public String header(String name) {
        String value = headers.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    public String userId() {
        return token.userId();
    }

    public void require(Permission permission, String what) {
        if (!AccessGate.allows(token, permission)) {
            throw WopiException.unauthorized("the access token does not allow " + what);
        }
    }
}
