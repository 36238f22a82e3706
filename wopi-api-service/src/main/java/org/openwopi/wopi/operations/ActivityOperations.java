package org.openwopi.wopi.operations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.wopi.clients.StorageClient;
import org.openwopi.wopi.clients.StorageClient.Activity;
import org.openwopi.wopi.clients.StorageClient.ActivityPerson;
import org.openwopi.wopi.protocol.WopiCall;
import org.openwopi.wopi.protocol.WopiException;
import org.openwopi.wopi.protocol.WopiReply;
import org.openwopi.wopi.security.token.Permission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * AddActivities: what a WOPI client reports happening inside a document (comments made, changed, deleted, and the
 * people they name), recorded per file for everyone who may see it (the user API's activity list).
 *
 * <p>Each activity is answered on its own: {@value #SUCCESS} recorded (or already recorded under that id),
 * {@value #INVALID} its data is not what its type needs, {@value #UNSUPPORTED} a type we do not keep. A body that is
 * not the documented JSON at all is 400 with the reason, and nothing is recorded.
 */
@ApplicationScoped
public class ActivityOperations {

    static final int SUCCESS = 0;
    static final int INVALID = 2;
    static final int UNSUPPORTED = 3;
    /** Office sends a few at a time; this bounds the body long before it could tire anyone. */
    static final int MAX_BODY_BYTES = 256 * 1024;
    static final int MAX_ACTIVITIES = 100;
    private static final int MAX_TEXT = 1024;
    private static final int MAX_COMMENT = 8192;
    private static final int MAX_PEOPLE = 64;

    private final StorageClient storage;
    private final ObjectMapper json;

    ActivityOperations(StorageClient storage, ObjectMapper json) {
        this.storage = storage;
        this.json = json;
    }

    public Uni<WopiReply> addActivities(WopiCall call) {
        // Comments are part of editing the document: a viewer's session adds none.
        call.require(Permission.EDIT, "adding activities to this file");
        Long length = call.body().length();
        if (length != null && length > MAX_BODY_BYTES) {
            throw tooLong();
        }
        return call.body().text(MAX_BODY_BYTES, tooLong()).flatMap(text -> {
            JsonNode activities = parse(text);
            List<Map<String, Object>> responses = new ArrayList<>();
            List<Activity> kept = new ArrayList<>();
            for (JsonNode activity : activities) {
                String id = activity.get("Id").asText();
                Map<String, Object> response = new LinkedHashMap<>();
                response.put("Id", id);
                String type = activity.path("Type").asText("");
                if (!"comment".equals(type)) {
                    response.put("Status", UNSUPPORTED);
                    response.put("Message", "activity type '" + type + "' is not kept here");
                } else {
                    String problem = commentProblem(activity.path("Data"));
                    if (problem != null) {
                        response.put("Status", INVALID);
                        response.put("Message", problem);
                    } else {
                        kept.add(comment(id, activity));
                        response.put("Status", SUCCESS);
                    }
                }
                responses.add(response);
            }
            Uni<Integer> recorded = kept.isEmpty() ? Uni.createFrom().item(0)
                    : storage.addActivities(call.id(), call.userId(), kept);
            return recorded.map(ignored -> WopiReply.json(Map.of("ActivityResponses", responses)));
        });
    }

    /** The body's Activities, each an object with a string Id; anything else is refused whole. */
    private JsonNode parse(String text) {
        JsonNode body;
        try {
            body = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw WopiException.badRequest("the body is not JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject() || !body.path("Activities").isArray()) {
            throw WopiException.badRequest("the body must be a JSON object with an Activities array");
        }
        JsonNode activities = body.get("Activities");
        if (activities.size() > MAX_ACTIVITIES) {
            throw WopiException.badRequest("at most " + MAX_ACTIVITIES + " activities per request");
        }
        for (JsonNode activity : activities) {
            if (!activity.isObject() || !activity.path("Id").isTextual() || activity.get("Id").asText().isBlank()) {
                throw WopiException.badRequest("every activity must be an object with a string Id");
            }
            if (activity.get("Id").asText().length() > 256) {
                throw WopiException.badRequest("an activity Id is longer than 256 characters");
            }
        }
        return activities;
    }

    private static String commentProblem(JsonNode data) {
        if (!data.isObject()) {
            return "a comment needs Data";
        }
        if (!data.path("ContentId").isTextual() || data.get("ContentId").asText().isEmpty()) {
            return "a comment needs Data.ContentId";
        }
        if (!List.of("created", "updated", "deleted").contains(data.path("ContentAction").asText())) {
            return "Data.ContentAction must be created, updated or deleted";
        }
        if (data.get("ContentId").asText().length() > MAX_TEXT || data.path("NavigationId").asText("").length() > MAX_TEXT) {
            return "Data.ContentId and Data.NavigationId may have at most " + MAX_TEXT + " characters";
        }
        if (data.path("CommentText").asText("").length() > MAX_COMMENT) {
            return "Data.CommentText may have at most " + MAX_COMMENT + " characters";
        }
        return null;
    }

    private static Activity comment(String id, JsonNode activity) {
        JsonNode data = activity.get("Data");
        List<ActivityPerson> people = new ArrayList<>();
        for (JsonNode person : activity.path("People")) {
            if (person.isObject() && people.size() < MAX_PEOPLE) {
                people.add(new ActivityPerson(clip(person.path("Name")), clip(person.path("Id")), clip(person.path("Provider")),
                        person.path("Mentioned").asBoolean(false), person.path("InThread").asBoolean(false),
                        person.path("RepliedTo").asBoolean(false)));
            }
        }
        JsonNode time = activity.has("Timestamp") ? activity.get("Timestamp") : activity.path("Created");
        return new Activity(id, "comment", data.get("ContentId").asText(), data.get("ContentAction").asText(),
                textOrNull(data.path("NavigationId")), textOrNull(data.path("CommentText")),
                data.path("IsReply").asBoolean(false), people, time.isTextual() ? clip(time, 64) : null);
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }

    private static String clip(JsonNode node) {
        return clip(node, 256);
    }

    private static String clip(JsonNode node, int max) {
        if (!node.isValueNode() || node.isNull()) {
            return null;
        }
        String text = node.asText();
        return text.length() > max ? text.substring(0, max) : text;
    }

    private static WopiException tooLong() {
        return WopiException.badRequest("the activities are longer than " + MAX_BODY_BYTES + " bytes").header("Connection", "close");
    }
}
