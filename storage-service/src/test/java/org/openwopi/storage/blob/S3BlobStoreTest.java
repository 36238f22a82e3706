package org.openwopi.storage.blob;

import java.net.URI;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openwopi.testsupport.S3ProxyServer;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The blob-store contract against a private S3Proxy, with SigV4 checked. */
class S3BlobStoreTest extends BlobStoreContract {

    private static S3ProxyServer s3proxy;
    private static S3Client client;
    private static S3BlobStore store;

    @BeforeAll
    static void start() {
        s3proxy = new S3ProxyServer("contract").start();
        client = S3Client.builder()
                .endpointOverride(URI.create(s3proxy.endpoint()))
                .region(Region.of(S3ProxyServer.REGION))
                .forcePathStyle(true)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3proxy.accessKey(), s3proxy.secretKey())))
                .build();
        store = new S3BlobStore(client, s3proxy.bucket(), "wopi/", 5 * 1024 * 1024);
    }

    @AfterAll
    static void stop() {
        client.close();
        s3proxy.stop();
    }

    @Override
    BlobStore store() {
        return store;
    }
}
