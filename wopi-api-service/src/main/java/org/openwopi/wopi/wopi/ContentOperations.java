package org.openwopi.wopi.wopi;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.openwopi.wopi.client.DependencyException;
import org.openwopi.wopi.client.HotCalls;
import org.openwopi.wopi.client.LockRestClient;
import org.openwopi.wopi.client.StorageContent;
import org.openwopi.wopi.client.StorageRestClient;
import org.openwopi.wopi.client.StorageRestClient.FileMeta;
import org.openwopi.wopi.token.AccessToken;
import org.openwopi.wopi.token.Permission;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;

/**
 * The WOPI operations that carry file content, streamed between the WOPI client and storage-service: GetFile,
 * PutFile, PutRelativeFile and CreateChildFile.
 */
@ApplicationScoped
public class ContentOperations {

    private final StorageContent content;
    private final StorageRestClient storage;
    private final HotCalls hot;
    private final FileOperations files;
    private final ContainerOperations containers;
    private final WopiUrls urls;

    ContentOperations(StorageContent content, @RestClient StorageRestClient storage, HotCalls hot, FileOperations files,
                      ContainerOperations containers, WopiUrls urls) {
        this.content = content;
        this.storage = storage;
        this.hot = hot;
        this.files = files;
        this.containers = containers;
        this.urls = urls;
    }

    public Uni<WopiReply> getFile(WopiCall call) {
        call.require(Permission.VIEW, "reading this file");
        Long maxExpected = maxExpectedSize(call);
        return Uni.createFrom().completionStage(() -> content.get(call.id()).toCompletionStage())
                .flatMap(upstream -> {
                    if (upstream.statusCode() != 200) {
                        return Uni.createFrom().completionStage(StorageContent.errorBody(upstream).toCompletionStage())
                                .map(body -> {
                                    throw content.failure(upstream.statusCode(), body);
                                });
                    }
                    long length = Long.parseLong(upstream.getHeader("Content-Length"));
                    if (maxExpected != null && length > maxExpected) {
                        // Not reading a file nobody wants: the connection is closed rather than drained.
                        upstream.exceptionHandler(ignored -> { });
                        upstream.request().connection().close();
                        throw new WopiException(412, "the file is " + length + " bytes, more than X-WOPI-MaxExpectedSize "
                                + maxExpected);
                    }
                    return Uni.createFrom().completionStage(() -> stream(call, upstream, length).toCompletionStage());
                })
                .map(ignored -> WopiReply.WRITTEN);
    }

    private io.vertx.core.Future<Void> stream(WopiCall call, HttpClientResponse upstream, long length) {
        HttpServerResponse response = call.ctx().response();
        response.setStatusCode(200)
                .putHeader("Content-Type", "application/octet-stream")
                .putHeader("Content-Length", Long.toString(length));
        String version = upstream.getHeader("X-Version");
        if (version != null) {
            response.putHeader(WopiHeaders.ITEM_VERSION, version);
        }
        return StorageContent.relay(upstream, response);
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
        if (lockHeader != null && lockHeader.length() > WopiHeaders.MAX_LOCK_LENGTH) {
            throw WopiException.badRequest("X-WOPI-Lock is longer than " + WopiHeaders.MAX_LOCK_LENGTH + " characters");
        }
        Long length = call.contentLength();
        return Uni.combine().all().unis(hot.file(call.id()), files.currentLock(call.id())).asTuple()
                .flatMap(pair -> {
                    FileMeta file = pair.getItem1();
                    LockRestClient.Lock lock = pair.getItem2();
                    Map<String, String> conditions = new HashMap<>();
                    if (lock != null) {
                        if (!lock.lockId().equals(lockHeader)) {
                            throw WopiException.lockConflict(lock.lockId(),
                                    lockHeader == null ? "the file is locked" : "the file is locked with another lock id");
                        }
                        conditions.put("X-Fencing-Token", Long.toString(lock.fencingToken()));
                    } else {
                        if (file.size() != 0) {
                            throw WopiException.lockConflict("", "the file is not locked and not empty");
                        }
                        conditions.put("If-Match", "\"" + file.version() + "\"");
                    }
                    checkCoolTimestamp(call, file);
                    conditions.put("X-Modified-By", call.userId());
                    if (lockHeader != null) {
                        conditions.put("X-Session-Id", lockHeader.length() > 200 ? lockHeader.substring(0, 200) : lockHeader);
                    }
                    if (isAutosave(call)) {
                        conditions.put("X-Autosave", "true");
                    }
                    return Uni.createFrom().completionStage(() ->
                                    content.put(call.id(), call.request(), length, conditions).toCompletionStage())
                            .onFailure(DependencyException.class).recoverWithUni(e -> writeRefused(call, (DependencyException) e));
                })
                .map(saved -> WopiReply.json(Map.of("LastModifiedTime", saved.updatedAt().toString()))
                        .itemVersion(saved.version()));
    }

    /** Collabora/ONLYOFFICE: the client says which version it edited; a file changed since must not be overwritten. */
    private static void checkCoolTimestamp(WopiCall call, FileMeta file) {
        String stamp = call.header(WopiHeaders.COOL_TIMESTAMP);
        if (stamp == null) {
            stamp = call.header(WopiHeaders.LOOL_TIMESTAMP);
        }
        if (stamp == null || file.updatedAt() == null) {
            return;
        }
        boolean same;
        try {
            same = Instant.parse(stamp).equals(file.updatedAt());
        } catch (DateTimeParseException e) {
            same = false;
        }
        if (!same) {
            throw new CoolConflict();
        }
    }

    /** Collabora's "the document changed in storage" answer: 409 with {@code COOLStatusCode} 1010. */
    static final class CoolConflict extends WopiException {
        CoolConflict() {
            super(409, "{\"COOLStatusCode\":1010}");
            header("Content-Type", "application/json");
        }
    }

    private static boolean isAutosave(WopiCall call) {
        String cool = call.header(WopiHeaders.COOL_IS_AUTOSAVE);
        if (cool == null) {
            cool = call.header(WopiHeaders.LOOL_IS_AUTOSAVE);
        }
        return "true".equalsIgnoreCase(cool);
    }

    /** storage-service refused the conditional write: someone else's write or lock came first. */
    private Uni<FileMeta> writeRefused(WopiCall call, DependencyException e) {
        if (e.status() == 412 || (e.status() == 409 && "fenced".equals(e.member("reason")))) {
            return files.currentLock(call.id()).map(lock -> {
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
        if (!call.token().can(Permission.CREATE)) {
            throw WopiException.notImplemented("this user may not create files here (UserCanNotWriteRelative)");
        }
        RelativeTarget target = RelativeTarget.of(call);
        return hot.file(call.id()).flatMap(source -> {
            String folder = source.containerId() == null ? ContainerOperations.ROOT : source.containerId();
            String name = target.suggested() && target.name().startsWith(".")
                    ? stripExtension(source.name()) + target.name() : target.name();
            return createIn(call, folder, source.containerId(), name, target);
        });
    }

    /** CreateChildFile: a new file in this folder. */
    public Uni<WopiReply> createChildFile(WopiCall call) {
        call.require(Permission.CREATE, "creating files");
        RelativeTarget target = RelativeTarget.of(call);
        return containers.owned(call, call.id()).flatMap(folder -> createIn(call, call.id(),
                ContainerOperations.ROOT.equals(call.id()) ? null : call.id(), target.name(), target));
    }

    private Uni<WopiReply> createIn(WopiCall call, String folder, String containerId, String name, RelativeTarget target) {
        Long length = call.contentLength();
        return containers.takenNames(folder).flatMap(taken -> {
            if (target.suggested()) {
                return upload(call, content.create(ContainerOperations.freeName(name, taken), call.userId(),
                        containerId, call.request(), length));
            }
            if (!taken.contains(name)) {
                return upload(call, content.create(name, call.userId(), containerId, call.request(), length))
                        .onFailure(e -> e instanceof DependencyException d && d.status() == 409)
                        .transform(e -> conflict(name, taken));
            }
            if (!target.overwrite()) {
                throw conflict(name, taken);
            }
            return existing(folder, name).flatMap(file -> files.currentLock(file.id()).flatMap(lock -> {
                if (lock != null) {
                    throw WopiException.lockConflict(lock.lockId(), "the file to overwrite is locked")
                            .header(WopiHeaders.VALID_RELATIVE_TARGET, Utf7.encode(ContainerOperations.freeName(name, taken)));
                }
                return upload(call, content.put(file.id(), call.request(), length, Map.of("X-Modified-By", call.userId())));
            }));
        });
    }

    private static WopiException conflict(String name, Set<String> taken) {
        return new WopiException(409, "a file named " + name + " already exists")
                .header(WopiHeaders.VALID_RELATIVE_TARGET, Utf7.encode(ContainerOperations.freeName(name, taken)));
    }

    private Uni<FileMeta> existing(String folder, String name) {
        return storage.children(folder, 0, 1000).map(children -> children.files().stream()
                .filter(file -> file.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new WopiException(409, "a folder named " + name + " already exists")));
    }

    private Uni<WopiReply> upload(WopiCall call, io.vertx.core.Future<FileMeta> upload) {
        AccessToken grant = call.token();
        return Uni.createFrom().completionStage(upload.toCompletionStage())
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
                    body.put("Url", urls.file(file.id(), grant));
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
