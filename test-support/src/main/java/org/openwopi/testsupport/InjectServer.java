package org.openwopi.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test field that receives the private server of a test resource ({@link RedisServer}, {@link PostgresServer}
 * or {@link S3ProxyServer}), so that fault tests can kill and restart it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectServer {
}
