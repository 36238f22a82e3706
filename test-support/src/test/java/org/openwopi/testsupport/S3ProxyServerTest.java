package org.openwopi.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ProxyServerTest {

    private static S3ProxyServer s3;

    @BeforeAll
    static void start() {
        s3 = new S3ProxyServer("probe-bucket").start();
    }

    @AfterAll
    static void stop() {
        s3.stop();
    }

    private static S3Client client(String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(URI.create(s3.endpoint()))
                .region(Region.of(S3ProxyServer.REGION))
                .forcePathStyle(true)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }

    @Test
    void objectWrittenWithSigV4IsReadBack() {
        try (S3Client client = client(s3.accessKey(), s3.secretKey())) {
            client.putObject(b -> b.bucket(s3.bucket()).key("docs/report.docx"), RequestBody.fromString("content"));

            String read = client.getObjectAsBytes(b -> b.bucket(s3.bucket()).key("docs/report.docx")).asUtf8String();

            assertThat(read).isEqualTo("content");
        }
    }

    @Test
    void requestSignedWithAWrongSecretIsRefused() {
        try (S3Client client = client(s3.accessKey(), "not-the-secret")) {
            assertThatThrownBy(() -> client.putObject(b -> b.bucket(s3.bucket()).key("forged"), RequestBody.fromString("x")))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
        }
    }
}
