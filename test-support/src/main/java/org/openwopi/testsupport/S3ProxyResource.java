package org.openwopi.testsupport;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a private {@link S3ProxyServer} for a Quarkus test and configures quarkus-amazon-s3 for it (static
 * credentials, path-style access). The bucket is named by the init arg {@code bucket} (default {@value #DEFAULT_BUCKET}).
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {

    public static final String DEFAULT_BUCKET = "wopi-test";
    private String bucket = DEFAULT_BUCKET;
    private S3ProxyServer server;

    @Override
    public void init(Map<String, String> initArgs) {
        bucket = initArgs.getOrDefault("bucket", DEFAULT_BUCKET);
    }

    @Override
    public Map<String, String> start() {
        server = new S3ProxyServer(bucket).start();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.s3.endpoint-override", server.endpoint());
        config.put("quarkus.s3.aws.region", S3ProxyServer.REGION);
        config.put("quarkus.s3.aws.credentials.type", "static");
        config.put("quarkus.s3.aws.credentials.static-provider.access-key-id", server.accessKey());
        config.put("quarkus.s3.aws.credentials.static-provider.secret-access-key", server.secretKey());
        config.put("quarkus.s3.path-style-access", "true");
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectServer.class, S3ProxyServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
