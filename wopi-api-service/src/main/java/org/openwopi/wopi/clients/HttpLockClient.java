package org.openwopi.wopi.clients;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;

/** {@link LockClient} over lock-service's HTTP API. */
@ApplicationScoped
class HttpLockClient implements LockClient {

    private final ServiceCalls calls;

    @Inject
    HttpLockClient(InternalServices services) {
        this(services.calls(SERVICE));
    }

    HttpLockClient(ServiceCalls calls) {
        this.calls = calls;
    }

    @Override
    public Uni<Lock> current(String fileId) {
        return calls.read("/locks/" + fileId, Lock.class)
                .onFailure(e -> e instanceof DependencyException d && d.status() == 404).recoverWithItem((Lock) null);
    }

    @Override
    public Uni<Map<String, Lock>> current(java.util.List<String> fileIds) {
        if (fileIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return calls.write(HttpMethod.POST, "/locks/lookup", Map.of("fileIds", fileIds), Map.of(), Lock[].class).map(found -> {
            Map<String, Lock> byFile = new java.util.HashMap<>();
            for (Lock lock : found) {
                byFile.put(lock.fileId(), lock);
            }
            return byFile;
        });
    }

    @Override
    public Uni<Lock> acquire(String fileId, Acquire request) {
        return calls.write(HttpMethod.POST, "/locks/" + fileId + "/acquire", request, Map.of(), Lock.class);
    }

    @Override
    public Uni<Lock> refresh(String fileId, String lockId) {
        return calls.write(HttpMethod.POST, "/locks/" + fileId + "/refresh", Map.of("lockId", lockId), Map.of(), Lock.class);
    }

    @Override
    public Uni<Lock> unlock(String fileId, String lockId) {
        return calls.write(HttpMethod.POST, "/locks/" + fileId + "/unlock", Map.of("lockId", lockId), Map.of(), Lock.class);
    }

    @Override
    public Uni<Lock> relock(String fileId, Relock request) {
        return calls.write(HttpMethod.POST, "/locks/" + fileId + "/relock", request, Map.of(), Lock.class);
    }

    @Override
    public Uni<Void> forceUnlock(String fileId) {
        return calls.write(HttpMethod.DELETE, "/locks/" + fileId, null, Map.of(), null);
    }

    @Override
    public Uni<LockPage> list(String cursor, int limit) {
        return calls.read("/locks?cursor=" + InternalPaths.query(cursor) + "&limit=" + limit, LockPage.class);
    }

    @Override
    public Uni<Void> readiness() {
        return calls.readiness();
    }
}
