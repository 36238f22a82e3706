package org.openwopi.wopi.clients;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JavaType;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;

/** {@link StorageClient} over storage-service's HTTP API: JSON through {@link ServiceCalls}, contents through {@link ContentTransfer}. */
@ApplicationScoped
class HttpStorageClient implements StorageClient {

    private final ServiceCalls calls;
    private final ContentTransfer content;
    private final JavaType versions;
    private final JavaType containers;
    private final JavaType shares;
    private final JavaType unsavedList;

    HttpStorageClient(InternalServices services, ContentTransfer content) {
        this.calls = services.calls(SERVICE);
        this.content = content;
        this.versions = calls.listOf(VersionMeta.class);
        this.containers = calls.listOf(ContainerMeta.class);
        this.shares = calls.listOf(ShareMeta.class);
        this.unsavedList = calls.listOf(Unsaved.class);
    }

    @Override
    public Uni<FileMeta> file(String id) {
        return calls.read("/files/" + id, FileMeta.class);
    }

    @Override
    public Uni<FileContext> fileContext(String id, String userId) {
        String query = userId == null ? "" : "?userId=" + InternalPaths.query(userId);
        return calls.read("/files/" + id + "/context" + query, FileContext.class);
    }

    @Override
    public Uni<FileMeta> rename(String id, Long fencingToken, String ifMatch, String name) {
        return calls.write(HttpMethod.PATCH, "/files/" + id, Map.of("name", name), guards(fencingToken, ifMatch), FileMeta.class);
    }

    @Override
    public Uni<Void> delete(String id, Long fencingToken, String ifMatch) {
        return calls.write(HttpMethod.DELETE, "/files/" + id, null, guards(fencingToken, ifMatch), null);
    }

    @Override
    public Uni<List<VersionMeta>> versions(String id) {
        return calls.read("/files/" + id + "/versions", versions);
    }

    @Override
    public Uni<FileMeta> restore(String id, long version, Long fencingToken, String modifiedBy) {
        Map<String, String> headers = guards(fencingToken, null);
        if (modifiedBy != null) {
            headers.put("X-Modified-By", modifiedBy);
        }
        return calls.write(HttpMethod.POST, "/files/" + id + "/versions/" + version + "/restore", null, headers, FileMeta.class);
    }

    @Override
    public Uni<Void> putUserInfo(String userId, String info) {
        return calls.write(HttpMethod.PUT, "/users/" + InternalPaths.segment(userId) + "/info", Map.of("info", info), Map.of(),
                null);
    }

    @Override
    public Uni<ContainerMeta> container(String id) {
        return calls.read("/containers/" + id, ContainerMeta.class);
    }

    @Override
    public Uni<ContainerMeta> createContainer(String name, String parentId, String ownerId) {
        Map<String, String> body = new HashMap<>();
        body.put("name", name);
        body.put("parentId", parentId);
        body.put("ownerId", ownerId);
        return calls.write(HttpMethod.POST, "/containers", body, Map.of(), ContainerMeta.class);
    }

    @Override
    public Uni<ContainerMeta> renameContainer(String id, String name) {
        return calls.write(HttpMethod.PATCH, "/containers/" + id, Map.of("name", name), Map.of(), ContainerMeta.class);
    }

    @Override
    public Uni<Void> deleteContainer(String id) {
        return calls.write(HttpMethod.DELETE, "/containers/" + id, null, Map.of(), null);
    }

    @Override
    public Uni<Children> children(String id, String userId, String after, int limit) {
        String query = "?userId=" + InternalPaths.query(userId) + "&limit=" + limit
                + (after == null ? "" : "&after=" + InternalPaths.query(after));
        return calls.read("/containers/" + id + "/children" + query, Children.class);
    }

    @Override
    public Uni<Entry> entry(String folderId, String name) {
        return calls.read("/containers/" + folderId + "/entries?name=" + InternalPaths.query(name), Entry.class)
                .onFailure(e -> e instanceof DependencyException d && d.status() == 404).recoverWithItem((Entry) null);
    }

    @Override
    public Uni<String> freeName(String folderId, String name) {
        return calls.read("/containers/" + folderId + "/free-name?name=" + InternalPaths.query(name), FreeName.class)
                .map(FreeName::name);
    }

    @Override
    public Uni<ContainerMeta> home(String userId) {
        // Made on first use, and the same folder however often it is asked for: safe to try again.
        return calls.idempotent(HttpMethod.PUT, "/homes/" + InternalPaths.segment(userId), ContainerMeta.class);
    }

    @Override
    public Uni<List<ContainerMeta>> ancestors(String folderId) {
        return calls.read("/containers/" + folderId + "/ancestors", containers);
    }

    @Override
    public Uni<Download> download(String fileId) {
        return Uni.createFrom().completionStage(() -> content.download(fileId).toCompletionStage());
    }

    @Override
    public Uni<FileMeta> upload(String fileId, RequestBody body, Map<String, String> headers, String userId) {
        return Uni.createFrom().completionStage(() -> content.put(fileId, body, headers, userId).toCompletionStage());
    }

    @Override
    public Uni<FileMeta> create(String name, String ownerId, String containerId, RequestBody body) {
        return Uni.createFrom().completionStage(() -> content.create(name, ownerId, containerId, body).toCompletionStage());
    }

    @Override
    public Uni<Person> saw(String userId, String displayName, List<String> groups) {
        Map<String, Object> body = new HashMap<>();
        body.put("displayName", displayName);
        body.put("groups", groups);
        return calls.write(HttpMethod.PUT, "/people/" + InternalPaths.segment(userId), body, Map.of(), Person.class);
    }

    @Override
    public Uni<Unsaved> keepUnsaved(String fileId, RequestBody body, String sessionId, String userId, String reason) {
        Map<String, String> headers = new HashMap<>();
        headers.put("X-Session-Id", sessionId == null ? "" : sessionId);
        headers.put("X-Modified-By", userId);
        headers.put("X-Reason", reason);
        return Uni.createFrom().completionStage(() -> content.keep(fileId, body, headers, userId).toCompletionStage());
    }

    @Override
    public Uni<List<Unsaved>> unsaved(String fileId) {
        return calls.read("/files/" + fileId + "/unsaved", unsavedList);
    }

    @Override
    public Uni<Download> downloadUnsaved(String fileId, String unsavedId) {
        return Uni.createFrom().completionStage(() -> content.downloadUnsaved(fileId, unsavedId).toCompletionStage());
    }

    @Override
    public Uni<FileMeta> restoreUnsaved(String fileId, String unsavedId, long fencingToken, String modifiedBy) {
        return calls.write(HttpMethod.POST, "/files/" + fileId + "/unsaved/" + InternalPaths.segment(unsavedId) + "/restore", null,
                Map.of("X-Fencing-Token", Long.toString(fencingToken), "X-Modified-By", modifiedBy), FileMeta.class);
    }

    @Override
    public Uni<Void> deleteUnsaved(String fileId, String unsavedId) {
        return calls.write(HttpMethod.DELETE, "/files/" + fileId + "/unsaved/" + InternalPaths.segment(unsavedId), null,
                Map.of(), null);
    }

    @Override
    public Uni<Integer> addActivities(String fileId, String userId, List<Activity> activities) {
        Map<String, Object> body = new HashMap<>();
        body.put("userId", userId);
        body.put("activities", activities);
        return calls.write(HttpMethod.POST, "/files/" + fileId + "/activities", body, Map.of(), Added.class).map(Added::added);
    }

    @Override
    public Uni<ActivityPage> activities(String fileId, String before, int limit) {
        return calls.read("/files/" + fileId + "/activities?limit=" + limit
                + (before == null ? "" : "&before=" + InternalPaths.query(before)), ActivityPage.class);
    }

    @RegisterForReflection
    record Added(int added) {
    }

    @Override
    public Uni<Integer> appendAudit(List<AuditEvent> events) {
        return calls.write(HttpMethod.POST, "/audit", events, Map.of(), Appended.class).map(Appended::appended);
    }

    @Override
    public Uni<AuditPage> audit(String fileId, String userId, java.time.Instant from, java.time.Instant to, String before,
                                int limit) {
        StringBuilder query = new StringBuilder("/audit?limit=").append(limit);
        if (fileId != null) {
            query.append("&fileId=").append(InternalPaths.query(fileId));
        }
        if (userId != null) {
            query.append("&userId=").append(InternalPaths.query(userId));
        }
        if (from != null) {
            query.append("&from=").append(InternalPaths.query(from.toString()));
        }
        if (to != null) {
            query.append("&to=").append(InternalPaths.query(to.toString()));
        }
        if (before != null) {
            query.append("&before=").append(InternalPaths.query(before));
        }
        return calls.read(query.toString(), AuditPage.class);
    }

    @RegisterForReflection
    record Appended(int appended) {
    }

    @Override
    public Uni<String> sharedRole(String itemType, String itemId, String userId) {
        String kind = "file".equals(itemType) ? "files" : "containers";
        return calls.read("/shared-roles/" + kind + "/" + itemId + "?userId=" + InternalPaths.query(userId), SharedRole.class)
                .map(SharedRole::role);
    }

    @Override
    public Uni<List<ShareMeta>> shares(String itemType, String itemId) {
        String key = "file".equals(itemType) ? "fileId" : "containerId";
        return calls.read("/shares?" + key + "=" + InternalPaths.query(itemId), shares);
    }

    @Override
    public Uni<ShareMeta> share(String shareId) {
        return calls.read("/shares/" + shareId, ShareMeta.class);
    }

    @Override
    public Uni<ShareMeta> createShare(NewShare share) {
        return calls.write(HttpMethod.POST, "/shares", share, Map.of(), ShareMeta.class);
    }

    @Override
    public Uni<ShareMeta> changeShare(String shareId, String role) {
        Map<String, String> body = new HashMap<>();
        body.put("role", role);
        return calls.write(HttpMethod.PATCH, "/shares/" + shareId, body, Map.of(), ShareMeta.class);
    }

    @Override
    public Uni<Void> deleteShare(String shareId) {
        return calls.write(HttpMethod.DELETE, "/shares/" + shareId, null, Map.of(), null);
    }

    @Override
    public Uni<SharedPage> sharedWith(String userId, String after, int limit) {
        String query = "?limit=" + limit + (after == null ? "" : "&after=" + InternalPaths.query(after));
        return calls.read("/shared-with/" + InternalPaths.segment(userId) + query, SharedPage.class);
    }

    @Override
    public Uni<Void> readiness() {
        return calls.readiness();
    }

    private static Map<String, String> guards(Long fencingToken, String ifMatch) {
        Map<String, String> headers = new HashMap<>();
        if (fencingToken != null) {
            headers.put("X-Fencing-Token", Long.toString(fencingToken));
        }
        if (ifMatch != null) {
            headers.put("If-Match", ifMatch);
        }
        return headers;
    }

    /** storage-service's answer to a free-name question. */
    @RegisterForReflection
    record FreeName(String name) {
    }

    /** storage-service's answer to a shared-role question. */
    @RegisterForReflection
    record SharedRole(String role) {
    }
}
