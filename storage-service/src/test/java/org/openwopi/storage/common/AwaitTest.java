package org.openwopi.storage.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.openwopi.common.ApiException;
import org.openwopi.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

/**
 * A worker thread waiting for metadata work gets its answer, or gives up with a 503 when none comes: a transaction
 * that never answers must not hold the thread for good.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class AwaitTest {

    @Test
    void workThatNeverAnswersEndsInA503InsteadOfHoldingTheThread() {
        assertThatThrownBy(() -> Await.on(() -> Uni.createFrom().nothing(), Duration.ofMillis(300)))
                .isInstanceOf(Await.TimedOut.class)
                .satisfies(e -> assertThat(((ApiException) e).code().status()).isEqualTo(503))
                .hasMessageContaining("did not answer within 300 ms");
    }

    @Test
    void anAnswerInTimeIsReturnedAndFailuresKeepTheirMeaning() {
        assertThat(Await.on(() -> Uni.createFrom().item(42), Duration.ofSeconds(5))).isEqualTo(42);
        assertThatThrownBy(() -> Await.on(() -> Uni.createFrom().failure(
                new ApiException(org.openwopi.common.ErrorCode.CONFLICT, "taken")), Duration.ofSeconds(5)))
                .isInstanceOf(ApiException.class).isNotInstanceOf(Await.TimedOut.class).hasMessage("taken");
    }

    @Test
    void theLimitOutlastsARowLockWaitAndEndsBeforePostgresKillsAnIdleTransaction() {
        assertThat(Await.LIMIT).isGreaterThan(Duration.ofSeconds(15)).isLessThan(Duration.ofSeconds(30));
    }
}
