package org.openwopi.discovery.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.RedisResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A copy older than its client's refresh interval is fetched again by the scheduled check. */
@QuarkusTest
@TestProfile(ScheduledRefreshTest.ShortInterval.class)
@WithTestResource(RedisResource.class)
@WithTestResource(WopiClientsResource.class)
class ScheduledRefreshTest {

    public static class ShortInterval implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("discovery.check-interval", "1s", "discovery.clients.office.refresh-interval", "PT1S");
        }
    }

    @Test
    void dueCopyIsFetchedAgainOnSchedule() throws InterruptedException {
        int start = WopiClientsResource.fetches("office");
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (WopiClientsResource.fetches("office") < start + 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        assertThat(WopiClientsResource.fetches("office")).isGreaterThanOrEqualTo(start + 2);
    }
}
