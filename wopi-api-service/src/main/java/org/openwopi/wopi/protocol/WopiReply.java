package org.openwopi.wopi.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

import org.openwopi.wopi.clients.StorageClient;

/**
 * A successful WOPI answer: status, headers, and a JSON body (null for none), or a file's content sent on from
 * storage-service.
 */
public record WopiReply(int status, Map<String, String> headers, Object body, StorageClient.Download content) {

    public static WopiReply ok() {
        return new WopiReply(200, new LinkedHashMap<>(), null, null);
    }

    public static WopiReply json(Object body) {
        return new WopiReply(200, new LinkedHashMap<>(), body, null);
    }

    /** A file's content, with its length and version as headers. */
    public static WopiReply content(StorageClient.Download content) {
        WopiReply reply = new WopiReply(200, new LinkedHashMap<>(), null, content);
        reply.header("Content-Type", "application/octet-stream").header("Content-Length", Long.toString(content.length()));
        if (content.version() != null) {
            reply.header(WopiHeaders.ITEM_VERSION, content.version());
        }
        return reply;
    }

    public WopiReply header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public WopiReply itemVersion(long version) {
        return header(WopiHeaders.ITEM_VERSION, Long.toString(version));
    }
}
