package org.openwopi.wopi.protocol;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.UUID;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import org.openwopi.common.ApiException;
import org.openwopi.wopi.clients.DependencyException;
import org.openwopi.wopi.security.proof.ProofFailedException;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.HttpClosedException;

/**
 * The one translation of failures into WOPI answers: what the specification asks for where it says, 503 with a
 * reason when a dependency is down or slow, and 500 with a log reference for the unexpected (never a stack trace in
 * the answer).
 */
public final class Failures {

    private static final Logger LOG = Logger.getLogger(Failures.class);

    private Failures() {
    }

    public static WopiException toWopi(Throwable failure) {
        if (failure instanceof WopiException wopi) {
            return wopi;
        }
        if (failure instanceof ApiException api) {
            // The access gate's and the internal services' refusals, in WOPI's terms: 403 is WOPI's 401.
            int status = api.code().status() == 403 ? 401 : api.code().status();
            if (status >= 500 && status != 503) {
                return unexpected(api);
            }
            WopiException wopi = new WopiException(status, api.getMessage());
            if (status == 408) {
                // A body that came too slowly is not waited for: the connection goes with this answer.
                wopi.header("Connection", "close");
            }
            if (status == 503 || status == 429) {
                wopi.header("Retry-After", Long.toString(api.retryAfter().map(java.time.Duration::toSeconds).orElse(5L)));
            }
            return wopi;
        }
        if (failure instanceof ProofFailedException proof) {
            LOG.warnf("Proof check failed: %s", proof.getMessage());
            return new WopiException(500, "proof check failed: " + proof.getMessage());
        }
        if (failure instanceof DependencyException dependency) {
            if (dependency.unavailable()) {
                return unavailable(dependency.getMessage());
            }
            if (dependency.status() == 404) {
                return WopiException.notFound(dependency.getMessage());
            }
            return unexpected(dependency);
        }
        String unreachable = unreachable(failure);
        if (unreachable != null) {
            return unavailable(unreachable);
        }
        return unexpected(failure);
    }

    /** A dependency that is down or too slow, named, or null when the failure is something else. */
    private static String unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CircuitBreakerOpenException) {
                return "a dependency is failing; calls to it are paused for a few seconds (" + cause.getMessage() + ")";
            }
            if (cause instanceof TimeoutException || cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof io.smallrye.mutiny.TimeoutException) {
                return "a dependency did not answer in time";
            }
            if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException
                    || cause instanceof UnknownHostException || cause instanceof HttpClosedException) {
                return "a dependency cannot be reached: " + cause.getMessage();
            }
        }
        return null;
    }

    private static WopiException unavailable(String reason) {
        LOG.warnf("Answering 503: %s", reason);
        return new WopiException(503, reason).header("Retry-After", "5");
    }

    private static WopiException unexpected(Throwable failure) {
        String reference = UUID.randomUUID().toString();
        LOG.errorf(failure, "Unexpected failure, reference %s", reference);
        return new WopiException(500, "unexpected failure; the service log has reference " + reference);
    }
}
