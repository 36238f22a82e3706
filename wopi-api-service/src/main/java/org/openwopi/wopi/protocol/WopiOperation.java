package org.openwopi.wopi.protocol;

import java.util.Locale;

import org.openwopi.wopi.security.token.Resource;

/**
 * Every WOPI operation we serve, by the shape of its request: what the URL names ({@link Endpoint}), what follows
 * the id, the method, and the X-WOPI-Override it needs (null: none). {@link #of} finds the operation of a request,
 * or refuses it as WOPI asks: a GET or POST of an endpoint we do not have is 404, another method 405, an override
 * we do not know 501.
 */
public enum WopiOperation {

    CHECK_FILE_INFO(Endpoint.FILES, "", "GET", null),
    LOCK(Endpoint.FILES, "", "POST", "LOCK"),
    GET_LOCK(Endpoint.FILES, "", "POST", "GET_LOCK"),
    REFRESH_LOCK(Endpoint.FILES, "", "POST", "REFRESH_LOCK"),
    UNLOCK(Endpoint.FILES, "", "POST", "UNLOCK"),
    PUT_RELATIVE_FILE(Endpoint.FILES, "", "POST", "PUT_RELATIVE"),
    RENAME_FILE(Endpoint.FILES, "", "POST", "RENAME_FILE"),
    DELETE_FILE(Endpoint.FILES, "", "POST", "DELETE"),
    PUT_USER_INFO(Endpoint.FILES, "", "POST", "PUT_USER_INFO"),
    GET_SHARE_URL(Endpoint.FILES, "", "POST", "GET_SHARE_URL"),
    ADD_ACTIVITIES(Endpoint.FILES, "", "POST", "ADD_ACTIVITIES"),
    GET_FILE(Endpoint.FILES, "contents", "GET", null),
    PUT_FILE(Endpoint.FILES, "contents", "POST", "PUT"),
    ENUMERATE_FILE_ANCESTORS(Endpoint.FILES, "ancestry", "GET", null),
    GET_FILE_ECOSYSTEM(Endpoint.FILES, "ecosystem_pointer", "GET", null),
    CHECK_CONTAINER_INFO(Endpoint.CONTAINERS, "", "GET", null),
    CREATE_CHILD_CONTAINER(Endpoint.CONTAINERS, "", "POST", "CREATE_CHILD_CONTAINER"),
    CREATE_CHILD_FILE(Endpoint.CONTAINERS, "", "POST", "CREATE_CHILD_FILE"),
    DELETE_CONTAINER(Endpoint.CONTAINERS, "", "POST", "DELETE_CONTAINER"),
    RENAME_CONTAINER(Endpoint.CONTAINERS, "", "POST", "RENAME_CONTAINER"),
    GET_CONTAINER_SHARE_URL(Endpoint.CONTAINERS, "", "POST", "GET_SHARE_URL"),
    ENUMERATE_CONTAINER_ANCESTORS(Endpoint.CONTAINERS, "ancestry", "GET", null),
    ENUMERATE_CHILDREN(Endpoint.CONTAINERS, "children", "GET", null),
    GET_CONTAINER_ECOSYSTEM(Endpoint.CONTAINERS, "ecosystem_pointer", "GET", null),
    CHECK_ECOSYSTEM(Endpoint.ECOSYSTEM, "", "GET", null),
    GET_ROOT_CONTAINER(Endpoint.ECOSYSTEM, "root_container_pointer", "GET", null);

    /** What a WOPI URL names: {@code /wopi/files/{id}}, {@code /wopi/containers/{id}} or {@code /wopi/ecosystem}. */
    public enum Endpoint {
        FILES("files"), CONTAINERS("containers"), ECOSYSTEM("ecosystem");

        private final String segment;

        Endpoint(String segment) {
            this.segment = segment;
        }

        /** The endpoint named by the first path segment after {@code /wopi/}, or null. */
        public static Endpoint of(String segment) {
            for (Endpoint endpoint : values()) {
                if (endpoint.segment.equals(segment)) {
                    return endpoint;
                }
            }
            return null;
        }

        /** Whether its URLs carry an id. */
        public boolean hasId() {
            return this != ECOSYSTEM;
        }

        /** The kind of item its id names (null: none), the kind a token for it must be scoped to. */
        public Resource.Kind kind() {
            return switch (this) {
                case FILES -> Resource.Kind.FILE;
                case CONTAINERS -> Resource.Kind.CONTAINER;
                case ECOSYSTEM -> null;
            };
        }

        /** What its id names, for messages. */
        public String item() {
            return this == FILES ? "file" : "folder";
        }
    }

    private final Endpoint endpoint;
    private final String sub;
    private final String method;
    private final String override;

    WopiOperation(Endpoint endpoint, String sub, String method, String override) {
        this.endpoint = endpoint;
        this.sub = sub;
        this.method = method;
        this.override = override;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** What follows the id in its path; empty for nothing. */
    public String sub() {
        return sub;
    }

    public String method() {
        return method;
    }

    /** The X-WOPI-Override it needs, or null. */
    public String override() {
        return override;
    }

    /**
     * The operation of a request.
     *
     * @param sub      what follows the id ({@code contents}, {@code ancestry}, ...), empty for none
     * @param override the X-WOPI-Override header, or null
     * @param path     the request's path, for messages
     */
    public static WopiOperation of(Endpoint endpoint, String sub, String method, String override, String path) {
        boolean shapeKnown = false;
        String wanted = override == null ? "" : override.trim().toUpperCase(Locale.ROOT);
        for (WopiOperation operation : values()) {
            if (operation.endpoint != endpoint || !operation.sub.equals(sub) || !operation.method.equals(method)) {
                continue;
            }
            shapeKnown = true;
            if (operation.override == null || operation.override.equals(wanted)) {
                return operation;
            }
        }
        if (shapeKnown) {
            throw WopiException.notImplemented("X-WOPI-Override '" + wanted + "' is not supported on " + path);
        }
        if (method.equals("GET") || method.equals("POST")) {
            throw WopiException.notFound("no such WOPI endpoint: " + path);
        }
        throw new WopiException(405, "method not allowed");
    }
}
