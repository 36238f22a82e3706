package org.openwopi.wopi.wopi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.openwopi.wopi.client.DependencyException;
import org.openwopi.wopi.client.StorageRestClient;
import org.openwopi.wopi.client.StorageRestClient.ContainerMeta;
import org.openwopi.wopi.config.WopiConfig;
import org.openwopi.wopi.token.Permission;

import io.smallrye.mutiny.Uni;

/**
 * The WOPI containers and ecosystem operations. A user sees the folders and files they own; {@code root} is their
 * top level (storage-service's folders without a parent).
 */
@ApplicationScoped
public class ContainerOperations {

    public static final String ROOT = "root";
    public static final String ROOT_NAME = "Root";

    /** How many times a suggested name is varied ("name (2)", ...) before giving up. */
    private static final int MAX_NAME_VARIANTS = 1000;

    private final StorageRestClient storage;
    private final WopiUrls urls;
    private final WopiConfig config;

    ContainerOperations(@RestClient StorageRestClient storage, WopiUrls urls, WopiConfig config) {
        this.storage = storage;
        this.urls = urls;
        this.config = config;
    }

    static Map<String, String> pointer(String name, String url) {
        Map<String, String> pointer = new LinkedHashMap<>();
        pointer.put("Name", name);
        pointer.put("Url", url);
        return pointer;
    }

    /** The folder, when it exists and belongs to the caller (another user's folder is as good as unknown). */
    Uni<ContainerMeta> owned(WopiCall call, String id) {
        if (ROOT.equals(id)) {
            return Uni.createFrom().item(new ContainerMeta(ROOT, null, ROOT_NAME, call.userId(), null, null));
        }
        return storage.container(id).map(folder -> {
            if (!call.userId().equals(folder.ownerId())) {
                throw WopiException.notFound("no such folder");
            }
            return folder;
        });
    }

    public Uni<WopiReply> checkContainerInfo(WopiCall call) {
        return owned(call, call.id()).map(folder -> {
            boolean root = ROOT.equals(folder.id());
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("Name", folder.name());
            info.put("UserCanCreateChildContainer", call.token().can(Permission.CREATE));
            info.put("UserCanCreateChildFile", call.token().can(Permission.CREATE));
            info.put("UserCanDelete", !root && call.token().can(Permission.DELETE));
            info.put("UserCanRename", !root && call.token().can(Permission.RENAME));
            info.put("LicenseCheckForEditIsEnabled", config.host().businessUser());
            info.put("IsEduUser", false);
            info.put("BreadcrumbBrandName", config.brandName());
            info.put("BreadcrumbBrandUrl", urls.base() + "/");
            return WopiReply.json(info);
        });
    }

    public Uni<WopiReply> createChildContainer(WopiCall call) {
        call.require(Permission.CREATE, "creating folders");
        RelativeTarget target = RelativeTarget.of(call);
        String parentId = ROOT.equals(call.id()) ? null : call.id();
        return owned(call, call.id()).flatMap(parent -> {
            String name = target.name();
            if (!target.suggested()) {
                return create(call, name, parentId).onFailure(DependencyException.class).recoverWithUni(e -> {
                    DependencyException d = (DependencyException) e;
                    if (d.status() != 409) {
                        return Uni.createFrom().failure(FileOperations.invalidName(d));
                    }
                    return takenNames(call.id()).map(taken -> {
                        throw new WopiException(409, "an item with this name already exists")
                                .header(WopiHeaders.VALID_RELATIVE_TARGET, Utf7.encode(freeName(name, taken)));
                    });
                });
            }
            return takenNames(call.id()).flatMap(taken -> create(call, freeName(name, taken), parentId))
                    .onFailure(DependencyException.class).transform(e -> FileOperations.invalidName((DependencyException) e));
        });
    }

    private Uni<WopiReply> create(WopiCall call, String name, String parentId) {
        return storage.createContainer(new StorageRestClient.CreateContainer(name, parentId, call.userId()))
                .map(folder -> WopiReply.json(Map.of("ContainerPointer",
                        pointer(folder.name(), urls.container(folder.id(), call.token())))));
    }

    public Uni<WopiReply> deleteContainer(WopiCall call) {
        call.require(Permission.DELETE, "deleting folders");
        if (ROOT.equals(call.id())) {
            throw new WopiException(409, "the root folder cannot be deleted");
        }
        return owned(call, call.id()).flatMap(folder -> storage.deleteContainer(folder.id()))
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
        if (ROOT.equals(call.id())) {
            throw WopiException.badRequest("the root folder cannot be renamed");
        }
        String name = Utf7.decode(requested);
        return owned(call, call.id()).flatMap(folder -> storage.renameContainer(folder.id(), Map.of("name", name)))
                .map(renamed -> WopiReply.json(Map.of("Name", renamed.name())))
                .onFailure(DependencyException.class).transform(e -> FileOperations.invalidName((DependencyException) e));
    }

    public Uni<WopiReply> enumerateChildren(WopiCall call) {
        Set<String> extensions = extensionFilter(call.header(WopiHeaders.FILE_EXTENSION_FILTER));
        return owned(call, call.id()).flatMap(folder -> storage.children(call.id(), 0, 1000)).map(children -> {
            List<Map<String, Object>> files = new ArrayList<>();
            for (StorageRestClient.FileMeta file : children.files()) {
                if (!call.userId().equals(file.ownerId())) {
                    continue;
                }
                String ext = file.extension() == null ? "" : "." + file.extension().toLowerCase(Locale.ROOT);
                if (extensions != null && !extensions.contains(ext)) {
                    continue;
                }
                Map<String, Object> child = new LinkedHashMap<>();
                child.put("Name", file.name());
                child.put("Url", urls.file(file.id(), call.token()));
                child.put("Version", Long.toString(file.version()));
                child.put("Size", file.size());
                if (file.updatedAt() != null) {
                    child.put("LastModifiedTime", file.updatedAt().toString());
                }
                files.add(child);
            }
            List<Map<String, String>> folders = new ArrayList<>();
            for (ContainerMeta child : children.containers()) {
                if (call.userId().equals(child.ownerId())) {
                    folders.add(pointer(child.name(), urls.container(child.id(), call.token())));
                }
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ChildFiles", files);
            body.put("ChildContainers", folders);
            return WopiReply.json(body);
        });
    }

    public Uni<WopiReply> enumerateAncestors(WopiCall call) {
        if (ROOT.equals(call.id())) {
            return Uni.createFrom().item(WopiReply.json(Map.of("AncestorsWithRootFirst", List.of())));
        }
        return owned(call, call.id()).flatMap(folder -> storage.ancestors(folder.id())).map(above -> {
            List<Map<String, String>> chain = new ArrayList<>();
            chain.add(pointer(ROOT_NAME, urls.container(ROOT, call.token())));
            for (ContainerMeta ancestor : above) {
                chain.add(pointer(ancestor.name(), urls.container(ancestor.id(), call.token())));
            }
            return WopiReply.json(Map.of("AncestorsWithRootFirst", chain));
        });
    }

    public Uni<WopiReply> ecosystemPointer(WopiCall call) {
        return Uni.createFrom().item(WopiReply.json(Map.of("Url", urls.ecosystem(call.token()))));
    }

    public Uni<WopiReply> checkEcosystem(WopiCall call) {
        return Uni.createFrom().item(WopiReply.json(Map.of("SupportsContainers", true)));
    }

    public Uni<WopiReply> rootContainerPointer(WopiCall call) {
        return Uni.createFrom().item(WopiReply.json(Map.of("ContainerPointer",
                pointer(ROOT_NAME, urls.container(ROOT, call.token())))));
    }

    /** The names used in a folder (files and folders, any owner, ignoring case): storage-service's uniqueness rule. */
    Uni<Set<String>> takenNames(String containerId) {
        return storage.children(containerId, 0, 1000).map(children -> {
            Set<String> taken = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            children.files().forEach(file -> taken.add(file.name()));
            children.containers().forEach(folder -> taken.add(folder.name()));
            return taken;
        });
    }

    /** {@code name}, or {@code base (2).ext}, {@code base (3).ext}, ... whichever is free first. */
    static String freeName(String name, Set<String> taken) {
        if (!taken.contains(name)) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int n = 2; n < MAX_NAME_VARIANTS; n++) {
            String candidate = base + " (" + n + ")" + ext;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
        throw new WopiException(409, "no free name like " + name);
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
