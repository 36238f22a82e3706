package org.openwopi.storage.common;

import java.util.function.Supplier;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * Runs reactive metadata work from the blocking content endpoints: Hibernate Reactive must run on a Vert.x event loop,
 * so the work is started on one and the worker thread waits for it. Failures keep their meaning ({@link Failures}).
 */
public final class Await {

    private Await() {
    }

    public static <T> T on(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> work.get().onFailure().transform(Failures::translate));
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
