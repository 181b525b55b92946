package dev.faasflow.faastore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An immutable stored value: a byte array that is shared, never copied, on its way through the store.
 *
 * <p>{@link #wrap} takes ownership of the array: the caller promises not to modify it afterwards. That
 * promise is what lets the local tier hand the very same array to every reader without copying.
 */
public final class Blob {
    public static final Blob EMPTY = new Blob(new byte[0]);

    private final byte[] bytes;

    private Blob(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Zero copy: the array now belongs to the blob and must not be modified by anyone. */
    public static Blob wrap(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("a stored value cannot be null (use an empty value)");
        }
        return bytes.length == 0 ? EMPTY : new Blob(bytes);
    }

    /** A defensive copy, for callers that keep using their array. */
    public static Blob copyOf(byte[] bytes) {
        return wrap(bytes.clone());
    }

    /** A copy of the buffer's remaining bytes; the buffer's position is left unchanged. */
    public static Blob copyOf(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return wrap(out);
    }

    public static Blob ofUtf8(String text) {
        return wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    public int size() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** A read-only view of the bytes, no copy (hand it to NIO or netty's wrappedBuffer). */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /**
     * The backing array itself, for zero-copy hand-over to codecs and sockets. Never modify it: it is
     * shared with every other reader of this value.
     */
    public byte[] sharedArray() {
        return bytes;
    }

    /** A private copy the caller may modify. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
    }

    public String toUtf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public boolean contentEquals(byte[] other) {
        return Arrays.equals(bytes, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Blob other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Blob[" + bytes.length + " bytes]";
    }
}
