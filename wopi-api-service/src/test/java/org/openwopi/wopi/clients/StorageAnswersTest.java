package org.openwopi.wopi.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.openwopi.wopi.clients.StorageRestClient.FileContext;
import org.openwopi.wopi.clients.StorageRestClient.FileMeta;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The hot path's token-by-token reading of storage-service's answers gives what Jackson's databind gives. */
class StorageAnswersTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final String FILE = """
            {"id":"f1","name":"Report.docx","extension":"docx","containerId":"c1","ownerId":"alice","size":104857600,
             "sha256":"ab12","version":7,"lastFencingToken":1733212345678901,"modifiedBy":"bob",
             "createdAt":"2026-12-03T05:57:08.888076Z","updatedAt":"2026-12-03T06:01:00Z",
             "addedLater":{"nested":[1,2,{"x":null}]},"alsoLater":[true,false]}""";

    @Test
    void aFileReadsAsDatabindReadsIt() throws IOException {
        assertThat(read(FILE, StorageAnswers::fileMeta)).isEqualTo(JSON.readValue(FILE, FileMeta.class));
    }

    @Test
    void missingAndNullMembersAreNullOrZero() throws IOException {
        String sparse = "{\"id\":\"f2\",\"name\":null,\"version\":3,\"createdAt\":null}";
        assertThat(read(sparse, StorageAnswers::fileMeta)).isEqualTo(JSON.readValue(sparse, FileMeta.class))
                .isEqualTo(new FileMeta("f2", null, null, null, null, 0, null, 3, 0, null, null, null));
    }

    @Test
    void aFileContextReadsAsDatabindReadsIt() throws IOException {
        String context = "{\"later\":1,\"file\":" + FILE + ",\"containerName\":\"Team\",\"userInfo\":\"{\\\"theme\\\":1}\"}";
        FileContext read = read(context, StorageAnswers::fileContext);
        assertThat(read).isEqualTo(JSON.readValue(context, FileContext.class));
        assertThat(read.file().version()).isEqualTo(7);
        assertThat(read.userInfo()).isEqualTo("{\"theme\":1}");
    }

    @Test
    void membersOfTheWrongTypeAreRefusedWithTheirName() {
        assertThatThrownBy(() -> read("{\"id\":\"f1\",\"version\":\"seven\"}", StorageAnswers::fileMeta))
                .isInstanceOf(IOException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> read("{\"createdAt\":\"yesterday\"}", StorageAnswers::fileMeta))
                .isInstanceOf(IOException.class).hasMessageContaining("createdAt");
        assertThatThrownBy(() -> read("[1,2]", StorageAnswers::fileMeta)).isInstanceOf(IOException.class);
    }

    private static <T> T read(String json, HotCalls.Reader<T> reader) throws IOException {
        try (JsonParser parser = JSON.getFactory().createParser(json)) {
            return reader.read(parser);
        }
    }
}
