package org.openwopi.discovery.rest;

import java.util.Map;

import org.openwopi.discovery.Fixtures;
import org.openwopi.testsupport.RedisServer;
import org.openwopi.testsupport.ServerProcess;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Redis that already holds the copy another replica fetched a minute ago, and a WOPI client that is unreachable:
 * what a pod restarted during an outage of the WOPI client finds.
 */
public class SeededRedisResource implements QuarkusTestResourceLifecycleManager {

    private RedisServer redis;

    @Override
    public Map<String, String> start() {
        redis = new RedisServer().start();
        String url = "http://127.0.0.1:" + ServerProcess.freeLoopbackPort() + "/hosting/discovery";
        String fetchedAt = Long.toString(System.currentTimeMillis() - 60_000);
        String reply = redis.command("HSET", "wopi:discovery:{office}", "xml", Fixtures.read("validator.xml"), "url", url,
                "fetchedAt", fetchedAt);
        if (!":3".equals(reply)) {
            throw new IllegalStateException("seeding Redis failed: " + reply);
        }
        return Map.of("quarkus.redis.hosts", redis.uri(),
                "discovery.clients.office.url", url,
                "discovery.check-interval", "PT1H");
    }

    @Override
    public void stop() {
        if (redis != null) {
            redis.stop();
        }
    }
}
