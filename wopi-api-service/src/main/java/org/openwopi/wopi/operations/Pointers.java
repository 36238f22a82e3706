package org.openwopi.wopi.operations;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.wopi.clients.StorageClient.ContainerMeta;
import org.openwopi.wopi.clients.StorageClient.FileMeta;
import org.openwopi.wopi.protocol.WopiCall;
import org.openwopi.wopi.protocol.WopiUrls;
import org.openwopi.wopi.security.access.AccessGate;
import org.openwopi.wopi.security.access.Role;
import org.openwopi.wopi.security.token.Resource;

/**
 * The WOPI URLs of items the caller is shown (children, ancestors, new files and folders), each with a token of its
 * own that allows no more than the caller's token and their role on that item.
 */
@ApplicationScoped
public class Pointers {

    /** The caller's top level (their home folder in storage-service). */
    public static final String ROOT = AccessGate.ROOT;
    static final String ROOT_NAME = "Root";

    private final AccessGate gate;
    private final WopiUrls urls;

    Pointers(AccessGate gate, WopiUrls urls) {
        this.gate = gate;
        this.urls = urls;
    }

    static Map<String, String> pointer(String name, String url) {
        Map<String, String> pointer = new LinkedHashMap<>();
        pointer.put("Name", name);
        pointer.put("Url", url);
        return pointer;
    }

    /** The URL of a folder the caller has {@code role} on: their own home is always {@code root}. */
    String url(WopiCall call, ContainerMeta folder, Role role) {
        String id = folder.home() ? ROOT : folder.id();
        return urls.container(id, gate.derive(call.token(), Resource.container(id), role));
    }

    /** The URL of a folder beneath the one the call's token was granted for (a child, a new folder). */
    String child(WopiCall call, ContainerMeta folder) {
        return urls.container(folder.id(), gate.beneath(call.token(), Resource.container(folder.id()), folder.ownerId()));
    }

    /** The URL of a file beneath the folder the call's token was granted for (a child, a new file). */
    String child(WopiCall call, FileMeta file) {
        return urls.file(file.id(), gate.beneath(call.token(), Resource.file(file.id()), file.ownerId()));
    }

    /** The URL of a file the caller has {@code role} on. */
    String url(WopiCall call, FileMeta file, Role role) {
        return urls.file(file.id(), gate.derive(call.token(), Resource.file(file.id()), role));
    }

    Map<String, String> folder(WopiCall call, ContainerMeta folder, Role role) {
        return pointer(folder.name(), url(call, folder, role));
    }

    Map<String, String> childFolder(WopiCall call, ContainerMeta folder) {
        return pointer(folder.name(), child(call, folder));
    }

    /** The pointer to the caller's top level. */
    Map<String, String> root(WopiCall call) {
        return pointer(ROOT_NAME, urls.container(ROOT, gate.derive(call.token(), Resource.container(ROOT), Role.OWNER)));
    }
}
