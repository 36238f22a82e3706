package org.openwopi.storage.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Blobs in an S3-compatible bucket. Content up to one part is a single PUT; larger content is a multipart upload that
 * holds one part in memory at a time and is invisible until completed, so an interrupted or oversized upload leaves no
 * object (it is aborted at once, and the sweep aborts any a crash left open).
 */
public class S3BlobStore implements BlobStore {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final int partSize;

    public S3BlobStore(S3Client s3, String bucket, String prefix, int partSize) {
        if (partSize < 5 * 1024 * 1024) {
            throw new IllegalArgumentException("S3 multipart parts must be at least 5 MiB");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.partSize = partSize;
    }

    @Override
    public String type() {
        return "s3";
    }

    @Override
    public StoredBlob write(String key, InputStream content, long maxBytes) throws IOException {
        String objectKey = prefix + key;
        HashingCounter counter = new HashingCounter(maxBytes);
        byte[] part = new byte[partSize];
        int filled = fill(content, part, counter);
        if (filled < partSize) {
            call(() -> s3.putObject(b -> b.bucket(bucket).key(objectKey), RequestBody.fromBytes(slice(part, filled))));
            return new StoredBlob(key, counter.size(), counter.sha256());
        }
        String uploadId = call(() -> s3.createMultipartUpload(b -> b.bucket(bucket).key(objectKey)).uploadId());
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int length = filled;
            while (length > 0) {
                int number = parts.size() + 1;
                int size = length;
                String etag = call(() -> s3.uploadPart(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId).partNumber(number)
                        .contentLength((long) size), RequestBody.fromBytes(slice(part, size))).eTag());
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                length = fill(content, part, counter);
            }
            call(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts))));
            return new StoredBlob(key, counter.size(), counter.sha256());
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
            } catch (SdkException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    /** Reads until the buffer is full or the content ends; returns the bytes read. */
    private static int fill(InputStream content, byte[] buffer, HashingCounter counter) throws IOException {
        int filled = 0;
        int read;
        while (filled < buffer.length && (read = content.read(buffer, filled, buffer.length - filled)) != -1) {
            counter.update(buffer, filled, read);
            filled += read;
        }
        return filled;
    }

    private static byte[] slice(byte[] buffer, int length) {
        if (length == buffer.length) {
            return buffer;
        }
        byte[] copy = new byte[length];
        System.arraycopy(buffer, 0, copy, 0, length);
        return copy;
    }

    @Override
    public boolean readBlocks() {
        return true;
    }

    @Override
    public BlobBody read(String key, long offset, long length) throws IOException {
        if (length == 0) {
            return new BlobBody.Stream(InputStream.nullInputStream(), 0);
        }
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        try {
            return new BlobBody.Stream(s3.getObject(b -> b.bucket(bucket).key(prefix + key).range(range)), length);
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (SdkException e) {
            throw new IOException("S3 read of " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        call(() -> s3.deleteObject(b -> b.bucket(bucket).key(prefix + key)));
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            s3.headObject(b -> b.bucket(bucket).key(prefix + key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException("S3 head of " + key + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("S3 head of " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int sweepUnfinished(Instant cutoff) throws IOException {
        ListMultipartUploadsResponse uploads = call(() -> s3.listMultipartUploads(b -> b.bucket(bucket).prefix(prefix)));
        int aborted = 0;
        for (MultipartUpload upload : uploads.uploads()) {
            if (upload.initiated() != null && upload.initiated().isBefore(cutoff)) {
                call(() -> s3.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId())));
                aborted++;
            }
        }
        return aborted;
    }

    @Override
    public void checkWritable() throws IOException {
        call(() -> s3.headBucket(b -> b.bucket(bucket)));
    }

    private interface S3Call<T> {
        T run();
    }

    private static <T> T call(S3Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (SdkException e) {
            throw new IOException("S3: " + e.getMessage(), e);
        }
    }
}
