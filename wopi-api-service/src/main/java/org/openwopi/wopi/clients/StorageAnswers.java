package org.openwopi.wopi.clients;

import java.io.IOException;
import java.time.Instant;

import org.openwopi.wopi.clients.StorageRestClient.FileContext;
import org.openwopi.wopi.clients.StorageRestClient.FileMeta;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads storage-service's file answers on the WOPI hot path token by token. Jackson's databind builds a record through
 * its creator by buffering every property first, which was a tenth of wopi-api-service's CPU under Lock+Unlock;
 * here each field goes straight into a local. Same results as databind: unknown members are skipped (storage-service
 * may add some), missing ones are null or 0.
 */
final class StorageAnswers {

    private StorageAnswers() {
    }

    static FileMeta fileMeta(JsonParser parser) throws IOException {
        start(parser);
        String id = null;
        String name = null;
        String extension = null;
        String containerId = null;
        String ownerId = null;
        long size = 0;
        String sha256 = null;
        long version = 0;
        long lastFencingToken = 0;
        String modifiedBy = null;
        Instant createdAt = null;
        Instant updatedAt = null;
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            parser.nextToken();
            switch (field) {
                case "id" -> id = text(parser);
                case "name" -> name = text(parser);
                case "extension" -> extension = text(parser);
                case "containerId" -> containerId = text(parser);
                case "ownerId" -> ownerId = text(parser);
                case "size" -> size = number(parser);
                case "sha256" -> sha256 = text(parser);
                case "version" -> version = number(parser);
                case "lastFencingToken" -> lastFencingToken = number(parser);
                case "modifiedBy" -> modifiedBy = text(parser);
                case "createdAt" -> createdAt = instant(parser);
                case "updatedAt" -> updatedAt = instant(parser);
                default -> parser.skipChildren();
            }
        }
        return new FileMeta(id, name, extension, containerId, ownerId, size, sha256, version, lastFencingToken,
                modifiedBy, createdAt, updatedAt);
    }

    static FileContext fileContext(JsonParser parser) throws IOException {
        start(parser);
        FileMeta file = null;
        String containerName = null;
        String userInfo = null;
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "file" -> file = value == JsonToken.VALUE_NULL ? null : fileMeta(parser);
                case "containerName" -> containerName = text(parser);
                case "userInfo" -> userInfo = text(parser);
                default -> parser.skipChildren();
            }
        }
        return new FileContext(file, containerName, userInfo);
    }

    /** Positions the parser inside an object, whether it is on its start already (a nested one) or before it. */
    private static void start(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken() == null ? parser.nextToken() : parser.currentToken();
        if (token != JsonToken.START_OBJECT) {
            throw new IOException("expected a JSON object, found " + token);
        }
    }

    private static String text(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> parser.getText();
            default -> throw new IOException("expected a string for '" + parser.currentName() + "', found "
                    + parser.currentToken());
        };
    }

    private static long number(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_NULL -> 0;
            case VALUE_NUMBER_INT -> parser.getLongValue();
            default -> throw new IOException("expected an integer for '" + parser.currentName() + "', found "
                    + parser.currentToken());
        };
    }

    private static Instant instant(JsonParser parser) throws IOException {
        String text = text(parser);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IOException("'" + parser.currentName() + "' is not an instant: " + text);
        }
    }
}
