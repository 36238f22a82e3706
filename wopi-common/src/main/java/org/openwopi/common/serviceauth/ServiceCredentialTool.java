package org.openwopi.common.serviceauth;

import java.time.Duration;
import java.time.Instant;

/**
 * Mints a service credential from the command line, for an operator calling an internal service by hand
 * ({@code kubectl exec}) and for the benchmark scripts:
 * <pre>
 * java -cp "storage-service/target/quarkus-app/lib/main/*" org.openwopi.common.serviceauth.ServiceCredentialTool \
 *     PRIVATE_KEY.pem KID AUDIENCE [TTL, default PT5M]
 * </pre>
 * Prints the {@code Authorization} header value. A service refuses credentials living longer than its
 * {@code service-auth.max-ttl} (PT15M unless raised).
 */
public final class ServiceCredentialTool {

    private ServiceCredentialTool() {
    }

    public static void main(String[] args) {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: ServiceCredentialTool PRIVATE_KEY.pem KID AUDIENCE [TTL, e.g. PT5M]");
            System.exit(2);
        }
        Duration ttl = args.length == 4 ? Duration.parse(args[3]) : Duration.ofMinutes(5);
        long now = Instant.now().getEpochSecond();
        String token = ServiceJwt.mint(EcKeys.privateKey(args[0]), args[1],
                new ServiceJwt.Claims("openwopi-wopi-api", "operator", args[2], now, now + ttl.toSeconds()));
        System.out.println("Bearer " + token);
    }
}
