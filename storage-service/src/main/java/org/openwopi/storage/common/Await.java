package org.openwopi.storage.common;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * Runs reactive metadata work from the blocking content endpoints: Hibernate Reactive must run on a Vert.x event loop,
 * so the work is started on one and the worker thread waits for it. Failures keep their meaning ({@link Failures}).
 * The wait is bounded: a metadata transaction that never answers (seen under concurrent uploads: PostgreSQL reports
 * it idle in transaction and ends it after 30 s, and the work never completes) must not hold a worker thread for
 * good — enough of those and every upload hangs.
 */
public final class Await {

    /** Longer than a row-lock wait may last ({@code lock_timeout}, 15 s), shorter than the idle-transaction kill. */
    public static final Duration LIMIT = Duration.ofSeconds(25);

    private Await() {
    }

    /** The work gave no answer within {@link #LIMIT}; it may still complete (and commit) after this is thrown. */
    public static final class TimedOut extends ApiException {
        TimedOut(Duration limit) {
            super(ErrorCode.DEPENDENCY_UNAVAILABLE, "the metadata store did not answer within " + limit.toMillis() + " ms",
                    Map.of(), Duration.ofSeconds(5), null);
        }
    }

    public static <T> T on(Supplier<Uni<T>> work) {
        return on(work, LIMIT);
    }

    static <T> T on(Supplier<Uni<T>> work, Duration limit) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> work.get()
                    .ifNoItem().after(limit).failWith(() -> new TimedOut(limit))
                    .onFailure().transform(Failures::translate));
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
