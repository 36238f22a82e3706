package org.openwopi.wopi.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A successful WOPI answer: status, headers, and a JSON body (null for none). {@link #WRITTEN} says the operation
 * wrote the response itself (a streamed GetFile).
 */
public record WopiReply(int status, Map<String, String> headers, Object body) {

    public static final WopiReply WRITTEN = new WopiReply(0, Map.of(), null);

    public static WopiReply ok() {
        return new WopiReply(200, new LinkedHashMap<>(), null);
    }

    public static WopiReply json(Object body) {
        return new WopiReply(200, new LinkedHashMap<>(), body);
    }

    public WopiReply header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public WopiReply itemVersion(long version) {
        return header(WopiHeaders.ITEM_VERSION, Long.toString(version));
    }
}
