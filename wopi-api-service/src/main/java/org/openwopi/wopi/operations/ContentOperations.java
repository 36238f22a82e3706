package org.openwopi.wopi.operations;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.wopi.clients.DependencyException;
import org.openwopi.wopi.clients.LockClient;
import org.openwopi.wopi.clients.StorageClient;
import org.openwopi.wopi.clients.StorageClient.FileMeta;
import org.openwopi.wopi.config.WopiConfig;
import org.openwopi.wopi.protocol.Utf7;
import org.openwopi.wopi.protocol.WopiCall;
import org.openwopi.wopi.protocol.WopiException;
import org.openwopi.wopi.protocol.WopiHeaders;
import org.openwopi.wopi.protocol.WopiReply;
import org.openwopi.wopi.protocol.WopiUrls;
import org.openwopi.wopi.security.access.AccessGate;
import org.openwopi.wopi.security.access.Role;
import org.openwopi.wopi.security.token.Permission;

import io.smallrye.mutiny.Uni;

/**
 * The WOPI operations that carry file content, streamed between the WOPI client and storage-service: GetFile,
 * PutFile, PutRelativeFile and CreateChildFile.
 */
@ApplicationScoped
public class ContentOperations {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ContentOperations.class);

    private final StorageClient storage;
    private final LockGate locks;
    private final GuardedWrites writes;
    private final FolderNames names;
    private final Pointers pointers;
    private final AccessGate gate;
    private final WopiUrls urls;
    private final WopiConfig.Conversion.Mode conversion;

    ContentOperations(StorageClient storage, LockGate locks, GuardedWrites writes, FolderNames names, Pointers pointers,
                      AccessGate gate, WopiUrls urls, WopiConfig config) {
        this.conversion = config.conversion().mode();
        this.storage = storage;
        this.locks = locks;
        this.writes = writes;
        this.names = names;
        this.pointers = pointers;
        this.gate = gate;
        this.urls = urls;
    }

    public Uni<WopiReply> getFile(WopiCall call) {
        call.require(Permission.VIEW, "reading this file");
        Long maxExpected = maxExpectedSize(call);
        return storage.download(call.id()).map(content -> {
            if (maxExpected != null && content.length() > maxExpected) {
                content.discard();
                throw new WopiException(412, "the file is " + content.length() + " bytes, more than X-WOPI-MaxExpectedSize "
                        + maxExpected);
            }
            return WopiReply.content(content);
        });
    }

    private static Long maxExpectedSize(WopiCall call) {
        String header = call.header(WopiHeaders.MAX_EXPECTED_SIZE);
        if (header == null) {
            return null;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw WopiException.badRequest("X-WOPI-MaxExpectedSize is not a number");
        }
    }

    /**
     * PutFile. A locked file takes the write only with its lock id, and the lock's fencing token goes to
     * storage-service so a writer whose lock expired behind its back is refused there. An unlocked file takes it
     * only while it is empty (a new document), conditional on the version that was empty: of two racing writers,
     * exactly one wins.
     */
    public Uni<WopiReply> putFile(WopiCall call) {
        call.require(Permission.EDIT, "editing this file");
        String lockHeader = call.header(WopiHeaders.LOCK);
        LockGate.requireLength(lockHeader, WopiHeaders.LOCK);
        call.body().length(); // a Content-Length that is not a length is refused before anything is looked up
        // The lock first: Office saves a locked file, and then the lock and its fencing token are all that is needed
        // (storage-service itself answers 404 for a file that is gone). The file's metadata is read only when it
        // matters: an unlocked file (written only while empty) or a Collabora timestamp to compare.
        boolean coolTimestamp = call.header(WopiHeaders.COOL_TIMESTAMP) != null || call.header(WopiHeaders.LOOL_TIMESTAMP) != null;
        return locks.current(call.id())
                .flatMap(lock -> lock != null && !coolTimestamp ? Uni.createFrom().item(new Checked(lock, null))
                        : storage.file(call.id()).map(file -> new Checked(lock, file)))
                .flatMap(checked -> {
                    LockClient.Lock lock = checked.lock();
                    Map<String, String> conditions = new HashMap<>();
                    // A refused save is kept as the session's unsaved changes before it is answered: no edit is lost.
                    if (lock != null) {
                        if (!lock.lockId().equals(lockHeader)) {
                            return keptThenRefused(call, lockHeader, "lock-mismatch", WopiException.lockConflict(lock.lockId(),
                                    lockHeader == null ? "the file is locked" : "the file is locked with another lock id"));
                        }
                        conditions.put("X-Fencing-Token", Long.toString(lock.fencingToken()));
                    } else {
                        if (checked.file().size() != 0) {
                            // Office's lock expired behind it (or it never locked): the classic lost edit.
                            return keptThenRefused(call, lockHeader, "lock-lost",
                                    WopiException.lockConflict("", "the file is not locked and not empty"));
                        }
                        conditions.put("If-Match", "\"" + checked.file().version() + "\"");
                    }
                    if (checked.file() != null && coolConflict(call, checked.file())) {
                        return keptThenRefused(call, lockHeader, "changed", new CoolConflict());
                    }
                    // A refusal storage-service decides (a stale fencing token, another version) is kept there.
                    conditions.put("X-Keep-Refused", "true");
                    conditions.put("X-Modified-By", call.userId());
                    if (lockHeader != null) {
                        conditions.put("X-Session-Id", lockHeader.length() > 200 ? lockHeader.substring(0, 200) : lockHeader);
                    }
                    if (isAutosave(call)) {
                        conditions.put("X-Autosave", "true");
                    }
                    String editors = editors(call.header(WopiHeaders.EDITORS));
                    if (!editors.isEmpty()) {
                        conditions.put("X-Editors", editors);
                    }
                    return storage.upload(call.id(), call.body(), conditions, call.userId())
                            .onFailure(DependencyException.class).recoverWithUni(e -> writeRefused(call, (DependencyException) e));
                })
                .map(saved -> WopiReply.json(Map.of("LastModifiedTime", saved.updatedAt().toString()))
                        .itemVersion(saved.version()));
    }

    /**
     * X-WOPI-Editors: everyone in the co-authoring session, recorded with the version. What no user id looks like is
     * left out rather than failing the save; at most 64 names.
     */
    static String editors(String header) {
        if (header == null || header.isBlank()) {
            return "";
        }
        java.util.StringJoiner kept = new java.util.StringJoiner(",");
        int count = 0;
        for (String part : header.split(",")) {
            String editor = part.trim();
            if (!editor.isEmpty() && editor.length() <= 256 && editor.chars().noneMatch(Character::isISOControl) && count++ < 64) {
                kept.add(editor);
            }
        }
        return kept.toString();
    }

    /** What PutFile learnt before writing: the lock (null: none) and, when it was needed, the file. */
    private record Checked(LockClient.Lock lock, FileMeta file) {
    }

    /**
     * Keeps the refused save's body as the session's unsaved changes of the file, then answers the refusal as before.
     * A save that cannot be kept (storage-service down, too large) is logged and refused all the same.
     */
    private Uni<FileMeta> keptThenRefused(WopiCall call, String lockHeader, String reason, WopiException refusal) {
        Long length = call.body().length();
        if (length != null && length == 0) {
            return Uni.createFrom().failure(refusal);
        }
        return storage.keepUnsaved(call.id(), call.body(), lockHeader, call.userId(), reason)
                .onItemOrFailure().transform((kept, failure) -> {
                    if (failure != null) {
                        LOG.warnf("A refused save of file %s by %s (%s) could not be kept: %s", call.id(), call.userId(), reason,
                                failure.getMessage());
                    } else {
                        LOG.infof("A refused save of file %s by %s (%s) is kept as unsaved changes %s", call.id(),
                                call.userId(), reason, kept.id());
                    }
                    throw refusal;
                });
    }

    /** Collabora/ONLYOFFICE: the client says which version it edited; a file changed since must not be overwritten. */
    private static boolean coolConflict(WopiCall call, FileMeta file) {
        String stamp = call.header(WopiHeaders.COOL_TIMESTAMP);
        if (stamp == null) {
            stamp = call.header(WopiHeaders.LOOL_TIMESTAMP);
        }
        if (stamp == null || file.updatedAt() == null) {
            return false;
        }
        try {
            return !Instant.parse(stamp).equals(file.updatedAt());
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    /** Collabora's "the document changed in storage" answer: 409 with {@code COOLStatusCode} 1010. */
    static final class CoolConflict extends WopiException {
        CoolConflict() {
            super(409, "{\"COOLStatusCode\":1010}");
            header("Content-Type", "application/json");
        }
    }

    /**
     * Collabora's autosave (and a save it says the user did not modify) may replace the session's previous autosave;
     * an exit save, the last of a session, always makes a version of its own.
     */
    private static boolean isAutosave(WopiCall call) {
        if ("true".equalsIgnoreCase(cool(call, WopiHeaders.COOL_IS_EXIT_SAVE, WopiHeaders.LOOL_IS_EXIT_SAVE))) {
            return false;
        }
        return "true".equalsIgnoreCase(cool(call, WopiHeaders.COOL_IS_AUTOSAVE, WopiHeaders.LOOL_IS_AUTOSAVE))
                || "false".equalsIgnoreCase(cool(call, WopiHeaders.COOL_IS_MODIFIED_BY_USER, WopiHeaders.LOOL_IS_MODIFIED_BY_USER));
    }

    private static String cool(WopiCall call, String header, String legacyHeader) {
        String value = call.header(header);
        return value != null ? value : call.header(legacyHeader);
    }

    /** storage-service refused the conditional write: someone else's write or lock came first. */
    private Uni<FileMeta> writeRefused(WopiCall call, DependencyException e) {
        if (e.status() == 412 || (e.status() == 409 && "fenced".equals(e.member("reason")))) {
            return locks.current(call.id()).map(lock -> {
                throw WopiException.lockConflict(lock == null ? "" : lock.lockId(), "the file changed while it was being saved");
            });
        }
        if (e.status() == 413) {
            return Uni.createFrom().failure(new WopiException(413, e.detail() == null ? "file too large" : e.detail()));
        }
        return Uni.createFrom().failure(e);
    }

    /** PutRelativeFile: a new file next to this one, or, if allowed, over an unlocked one of that name. */
    public Uni<WopiReply> putRelativeFile(WopiCall call) {
        if (call.header(WopiHeaders.FILE_CONVERSION) != null && conversion == WopiConfig.Conversion.Mode.IN_PLACE) {
            return convertInPlace(call, RelativeTarget.of(call));
        }
        if (!call.token().can(Permission.CREATE)) {
            throw WopiException.notImplemented("this user may not create files here (UserCanNotWriteRelative)");
        }
        RelativeTarget target = RelativeTarget.of(call);
        return storage.file(call.id())
                .flatMap(source -> gate.folder(call.userId(), source.containerId(), Permission.CREATE)
                        // A file shared on its own: its folder is not the caller's to create in.
                        .onFailure(ApiException.class).transform(e -> WopiException.notImplemented(
                                "this user may not create files next to this one (UserCanNotWriteRelative)"))
                        .flatMap(folder -> {
                            String name = target.suggested() && target.name().startsWith(".")
                                    ? stripExtension(source.name()) + target.name() : target.name();
                            return createIn(call, folder.id(), name, target);
                        }));
    }

    /**
     * The converted file (the {@code convert} action's PutRelativeFile) as a new version of this one, under the name
     * with the new extension ("Budget.xls" becomes "Budget.xlsx", "Budget (2).xlsx" when that is taken): the file
     * keeps its id, shares and links, and the legacy content stays restorable (with its name) from the versions.
     * Converting rewrites the file, so it needs the right to edit it, and it waits for no one: a file someone else
     * holds locked is refused with their lock, as PutFile would be.
     */
    private Uni<WopiReply> convertInPlace(WopiCall call, RelativeTarget target) {
        call.require(Permission.EDIT, "converting this file in place");
        call.body().length(); // a Content-Length that is not a length is refused before anything is looked up
        String lockHeader = call.header(WopiHeaders.LOCK);
        return storage.file(call.id()).flatMap(file -> locks.current(call.id()).flatMap(lock -> {
            if (lock != null && !lock.lockId().equals(lockHeader)) {
                throw WopiException.lockConflict(lock.lockId(), "the file is locked by another session");
            }
            String extension = extensionOf(target.name());
            String wanted = stripExtension(file.name()) + extension;
            Uni<String> name = wanted.equalsIgnoreCase(file.name()) ? Uni.createFrom().item(file.name())
                    : target.suggested() ? names.free(file.containerId(), wanted) : Uni.createFrom().item(wanted);
            return name.onFailure(DependencyException.class).transform(ContentOperations::badName).flatMap(newName -> {
                java.util.function.Function<Long, Uni<FileMeta>> write = fencing -> storage.upload(call.id(), call.body(),
                        Map.of("X-Fencing-Token", Long.toString(fencing), "X-Modified-By", call.userId(),
                                "X-Rename-To", java.net.URLEncoder.encode(newName, java.nio.charset.StandardCharsets.UTF_8)),
                        call.userId());
                Uni<FileMeta> converted = lock != null ? write.apply(lock.fencingToken())
                        : writes.underOwnLock(call.id(), call.userId(), "WOPI conversion",
                                LockGate.lockHeld("the file was locked meanwhile"), write);
                return upload(call, converted.onFailure(e -> e instanceof DependencyException d && d.status() == 409
                                && "name-taken".equals(d.member("reason")))
                        .recoverWithUni(e -> names.taken(file.containerId(), newName, "a file named " + newName + " already exists")),
                        done -> urls.file(done.id(), call.token()));
            });
        }));
    }

    /** ".docx" from ".docx" (a suggested extension) or from "Report.docx" (a name). */
    private static String extensionOf(String target) {
        int dot = target.lastIndexOf('.');
        if (dot < 0 || dot == target.length() - 1) {
            throw WopiException.badRequest("the converted file's name has no extension: " + target);
        }
        return target.substring(dot);
    }

    /** CreateChildFile: a new file in this folder. */
    public Uni<WopiReply> createChildFile(WopiCall call) {
        call.require(Permission.CREATE, "creating files");
        RelativeTarget target = RelativeTarget.of(call);
        return gate.folder(call.userId(), call.id(), Permission.CREATE)
                .flatMap(folder -> createIn(call, folder.id(), target.name(), target));
    }

    /**
     * A new file in a folder the gate let the caller create files in. Names are looked up by storage-service among
     * all of the folder's entries; an existing file is overwritten only when asked, when the caller may edit it, and
     * under a lock of our own whose fencing token guards the write.
     */
    private Uni<WopiReply> createIn(WopiCall call, String folderId, String name, RelativeTarget target) {
        call.body().length(); // a Content-Length that is not a length is refused before anything is looked up
        if (target.suggested()) {
            return names.free(folderId, name).onFailure(DependencyException.class).transform(ContentOperations::badName)
                    .flatMap(free -> created(call, storage.create(free, call.userId(), folderId, call.body())));
        }
        return storage.entry(folderId, name)
                .onFailure(DependencyException.class).transform(ContentOperations::badName)
                .flatMap(existing -> {
                    if (existing == null) {
                        return created(call, storage.create(name, call.userId(), folderId, call.body()))
                                .onFailure(e -> e instanceof DependencyException d && d.status() == 409)
                                .recoverWithUni(e -> names.taken(folderId, name, "a file named " + name + " already exists"));
                    }
                    if (!target.overwrite() || existing.file() == null) {
                        return names.taken(folderId, name, "a " + (existing.file() == null ? "folder" : "file") + " named "
                                + name + " already exists");
                    }
                    FileMeta file = existing.file();
                    return gate.role(call.userId(), file).flatMap(role -> {
                        if (!role.allows(Permission.EDIT)) {
                            return names.taken(folderId, name, "a file named " + name + " already exists");
                        }
                        return writes.underOwnLock(file.id(), call.userId(), "WOPI PutRelativeFile",
                                LockGate.lockHeld("the file to overwrite is locked"),
                                fencing -> upload(call, role, storage.upload(file.id(), call.body(),
                                        Map.of("X-Fencing-Token", Long.toString(fencing), "X-Modified-By", call.userId()), call.userId())))
                                .onFailure(e -> e instanceof WopiException w && w.status() == 409)
                                .recoverWithUni(e -> names.free(folderId, name).map(free -> {
                                    throw ((WopiException) e).header(WopiHeaders.VALID_RELATIVE_TARGET, Utf7.encode(free));
                                }));
                    });
                });
    }

    /** storage-service refusing the name itself (400) before anything was looked up or written. */
    private static Throwable badName(Throwable failure) {
        return failure instanceof DependencyException d && d.status() == 400
                ? WopiException.badRequest(d.detail() == null ? "invalid name" : d.detail()) : failure;
    }

    /** A new file's answer: it lies beneath the folder the caller could create in, and its owner is that folder's. */
    private Uni<WopiReply> created(WopiCall call, Uni<FileMeta> upload) {
        return upload(call, upload, file -> pointers.child(call, file));
    }

    private Uni<WopiReply> upload(WopiCall call, Role role, Uni<FileMeta> upload) {
        return upload(call, upload, file -> pointers.url(call, file, role));
    }

    private Uni<WopiReply> upload(WopiCall call, Uni<FileMeta> upload, java.util.function.Function<FileMeta, String> url) {
        return upload
                .onFailure(DependencyException.class).transform(e -> {
                    DependencyException d = (DependencyException) e;
                    if (d.status() == 413) {
                        return new WopiException(413, d.detail() == null ? "file too large" : d.detail());
                    }
                    return d.status() == 400 ? WopiException.badRequest(d.detail() == null ? "invalid name" : d.detail()) : d;
                })
                .map(file -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("Name", file.name());
                    body.put("Url", url.apply(file));
                    body.put("HostViewUrl", urls.hostView(file.id()));
                    body.put("HostEditUrl", urls.hostEdit(file.id()));
                    return WopiReply.json(body);
                });
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
