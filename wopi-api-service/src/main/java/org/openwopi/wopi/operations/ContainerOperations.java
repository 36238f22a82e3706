package org.openwopi.wopi.operations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.wopi.clients.DependencyException;
import org.openwopi.wopi.clients.StorageClient;
import org.openwopi.wopi.clients.StorageClient.ContainerMeta;
import org.openwopi.wopi.config.WopiConfig;
import org.openwopi.wopi.protocol.Utf7;
import org.openwopi.wopi.protocol.WopiCall;
import org.openwopi.wopi.protocol.WopiException;
import org.openwopi.wopi.protocol.WopiHeaders;
import org.openwopi.wopi.protocol.WopiReply;
import org.openwopi.wopi.protocol.WopiUrls;
import org.openwopi.wopi.security.access.AccessGate;
import org.openwopi.wopi.security.token.Permission;

import io.smallrye.mutiny.Uni;

/**
 * The WOPI container operations. {@code root} is the user's top level (their home folder in
 * storage-service); what a user may see and do is the access gate's decision.
 */
@ApplicationScoped
public class ContainerOperations {

    /** EnumerateChildren has no paging in WOPI: a folder is read page by page up to this many entries. */
    private static final int MAX_CHILDREN = 10_000;
    private static final int PAGE = 1000;

    private final StorageClient storage;
    private final AccessGate gate;
    private final Pointers pointers;
    private final FolderNames names;
    private final WopiUrls urls;
    private final WopiConfig config;

    ContainerOperations(StorageClient storage, AccessGate gate, Pointers pointers, FolderNames names, WopiUrls urls,
                        WopiConfig config) {
        this.storage = storage;
        this.gate = gate;
        this.pointers = pointers;
        this.names = names;
        this.urls = urls;
        this.config = config;
    }

    /** The folder the call names ({@code root}: the caller's home), when the gate allows {@code need} on it. */
    private Uni<ContainerMeta> folder(WopiCall call, String id, Permission need) {
        return gate.folder(call.userId(), id, need);
    }

    public Uni<WopiReply> checkContainerInfo(WopiCall call) {
        return folder(call, call.id(), Permission.VIEW).map(folder -> {
            boolean root = folder.home();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("Name", root ? Pointers.ROOT_NAME : folder.name());
            info.put("UserCanCreateChildContainer", call.token().can(Permission.CREATE));
            info.put("UserCanCreateChildFile", call.token().can(Permission.CREATE));
            info.put("UserCanDelete", !root && call.token().can(Permission.DELETE));
            info.put("UserCanRename", !root && call.token().can(Permission.RENAME));
            info.put("LicenseCheckForEditIsEnabled", config.host().businessUser());
            info.put("IsEduUser", false);
            info.put("BreadcrumbBrandName", config.brandName());
            info.put("BreadcrumbBrandUrl", urls.base() + "/");
            info.put("SupportedShareUrlTypes", ShareUrls.types(call.token()));
            return WopiReply.json(info);
        });
    }

    /**
     * GetShareUrl of a folder: its page in our web UI, where whoever opens it sees what their own role allows (both
     * types lead there; ReadWrite only for someone who may add to it).
     */
    public Uni<WopiReply> getShareUrl(WopiCall call) {
        ShareUrls.requested(call);
        return folder(call, call.id(), Permission.VIEW)
                .map(folder -> WopiReply.json(Map.of("ShareUrl", urls.folderPage(folder.id()))));
    }

    public Uni<WopiReply> createChildContainer(WopiCall call) {
        call.require(Permission.CREATE, "creating folders");
        RelativeTarget target = RelativeTarget.of(call);
        return folder(call, call.id(), Permission.CREATE).flatMap(parent -> {
            String name = target.name();
            if (!target.suggested()) {
                return create(call, name, parent.id()).onFailure(DependencyException.class).recoverWithUni(e -> {
                    DependencyException d = (DependencyException) e;
                    if (d.status() != 409) {
                        return Uni.createFrom().failure(FolderNames.invalid(d));
                    }
                    return names.taken(parent.id(), name, "an item with this name already exists");
                });
            }
            return names.free(parent.id(), name).flatMap(free -> create(call, free, parent.id()))
                    .onFailure(DependencyException.class).transform(e -> FolderNames.invalid((DependencyException) e));
        });
    }

    private Uni<WopiReply> create(WopiCall call, String name, String parentId) {
        return storage.createContainer(name, parentId, call.userId())
                .map(folder -> WopiReply.json(Map.of("ContainerPointer", pointers.childFolder(call, folder))));
    }

    public Uni<WopiReply> deleteContainer(WopiCall call) {
        call.require(Permission.DELETE, "deleting folders");
        if (Pointers.ROOT.equals(call.id())) {
            throw new WopiException(409, "the root folder cannot be deleted");
        }
        return folder(call, call.id(), Permission.DELETE).flatMap(folder -> {
                    if (folder.home()) {
                        throw new WopiException(409, "the root folder cannot be deleted");
                    }
                    return storage.deleteContainer(folder.id());
                })
                .map(ignored -> WopiReply.ok())
                .onFailure(DependencyException.class).transform(e -> {
                    DependencyException d = (DependencyException) e;
                    return d.status() == 409 ? new WopiException(409, "the folder is not empty") : d;
                });
    }

    public Uni<WopiReply> renameContainer(WopiCall call) {
        call.require(Permission.RENAME, "renaming folders");
        String requested = call.header(WopiHeaders.REQUESTED_NAME);
        if (requested == null) {
            throw WopiException.badRequest("X-WOPI-RequestedName is missing");
        }
        if (Pointers.ROOT.equals(call.id())) {
            throw WopiException.badRequest("the root folder cannot be renamed");
        }
        String name = Utf7.decode(requested);
        return folder(call, call.id(), Permission.RENAME).flatMap(folder -> {
                    if (folder.home()) {
                        throw WopiException.badRequest("the root folder cannot be renamed");
                    }
                    return storage.renameContainer(folder.id(), name);
                })
                .map(renamed -> WopiReply.json(Map.of("Name", renamed.name())))
                .onFailure(DependencyException.class).transform(e -> FolderNames.invalid((DependencyException) e));
    }

    public Uni<WopiReply> enumerateChildren(WopiCall call) {
        Set<String> extensions = extensionFilter(call.header(WopiHeaders.FILE_EXTENSION_FILTER));
        List<Map<String, Object>> files = new ArrayList<>();
        List<Map<String, String>> folders = new ArrayList<>();
        return folder(call, call.id(), Permission.VIEW)
                .flatMap(folder -> page(call, folder.id(), null, files, folders, extensions))
                .map(ignored -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("ChildFiles", files);
                    body.put("ChildContainers", folders);
                    return WopiReply.json(body);
                });
    }

    /** Reads the folder's children a page at a time (what the gate lets the caller see, filtered by storage-service). */
    private Uni<Void> page(WopiCall call, String folderId, String after, List<Map<String, Object>> files,
                           List<Map<String, String>> folders, Set<String> extensions) {
        return storage.children(folderId, call.userId(), after, PAGE).flatMap(children -> {
            for (StorageClient.FileMeta file : children.files()) {
                String ext = file.extension() == null ? "" : "." + file.extension().toLowerCase(Locale.ROOT);
                if (extensions != null && !extensions.contains(ext)) {
                    continue;
                }
                Map<String, Object> child = new LinkedHashMap<>();
                child.put("Name", file.name());
                child.put("Url", pointers.child(call, file));
                child.put("Version", Long.toString(file.version()));
                child.put("Size", file.size());
                if (file.updatedAt() != null) {
                    child.put("LastModifiedTime", file.updatedAt().toString());
                }
                files.add(child);
            }
            for (ContainerMeta child : children.containers()) {
                folders.add(pointers.childFolder(call, child));
            }
            if (children.next() == null || files.size() + folders.size() >= MAX_CHILDREN) {
                return Uni.createFrom().voidItem();
            }
            return page(call, folderId, children.next(), files, folders, extensions);
        });
    }

    public Uni<WopiReply> enumerateAncestors(WopiCall call) {
        return folder(call, call.id(), Permission.VIEW).flatMap(folder -> {
            if (folder.home()) {
                return Uni.createFrom().item(WopiReply.json(Map.of("AncestorsWithRootFirst", List.of())));
            }
            return storage.ancestors(folder.id()).flatMap(above -> chain(call, above));
        });
    }

    /**
     * EnumerateAncestors of a file: the root, then the folders down to the file's own; for a file shared with the
     * caller, only the folders they may see (a share reaches down, never up).
     */
    public Uni<WopiReply> fileAncestors(WopiCall call) {
        call.require(Permission.VIEW, "viewing this file");
        return storage.file(call.id()).flatMap(file -> storage.container(file.containerId())).flatMap(folder -> {
            if (folder.home()) {
                return chain(call, List.of(folder));
            }
            return storage.ancestors(folder.id()).flatMap(above -> {
                List<ContainerMeta> folders = new ArrayList<>(above);
                folders.add(folder);
                return chain(call, folders);
            });
        });
    }

    /** The caller's root, then those of {@code folders} (top first, homes left out) the gate lets them see. */
    private Uni<WopiReply> chain(WopiCall call, List<ContainerMeta> folders) {
        List<ContainerMeta> below = folders.stream().filter(folder -> !folder.home()).toList();
        return gate.visible(call.userId(), below).map(visible -> {
            List<Map<String, String>> chain = new ArrayList<>();
            chain.add(pointers.root(call));
            for (AccessGate.Granted<ContainerMeta> granted : visible) {
                chain.add(pointers.folder(call, granted.item(), granted.role()));
            }
            return WopiReply.json(Map.of("AncestorsWithRootFirst", chain));
        });
    }

    private static Set<String> extensionFilter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Set<String> extensions = new TreeSet<>();
        for (String ext : header.split(",")) {
            String trimmed = ext.trim().toLowerCase(Locale.ROOT);
            if (!trimmed.isEmpty()) {
                extensions.add(trimmed.startsWith(".") ? trimmed : "." + trimmed);
            }
        }
        return extensions;
    }
}
