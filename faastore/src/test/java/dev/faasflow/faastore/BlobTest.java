package dev.faasflow.faastore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

class BlobTest {
    @Test
    void wrapSharesTheArrayAndCopyOfDoesNot() {
        byte[] bytes = {1, 2, 3};
        assertSame(bytes, Blob.wrap(bytes).sharedArray());
        Blob copy = Blob.copyOf(bytes);
        assertNotSame(bytes, copy.sharedArray());
        bytes[0] = 9;
        assertEquals(1, copy.sharedArray()[0]);
    }

    @Test
    void bufferViewIsReadOnlyAndZeroCopy() {
        byte[] bytes = {4, 5, 6};
        ByteBuffer view = Blob.wrap(bytes).asReadOnlyBuffer();
        assertEquals(3, view.remaining());
        assertEquals(5, view.get(1));
        assertThrows(ReadOnlyBufferException.class, () -> view.put(0, (byte) 1));
        bytes[1] = 7;
        assertEquals(7, view.get(1), "the view reads the shared array, no copy was made");
    }

    @Test
    void copyOfBufferLeavesItsPosition() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
        buffer.position(1);
        assertArrayEquals(new byte[] {2, 3, 4}, Blob.copyOf(buffer).toByteArray());
        assertEquals(1, buffer.position());
    }

    @Test
    void emptyAndNull() {
        assertSame(Blob.EMPTY, Blob.wrap(new byte[0]));
        assertTrue(Blob.EMPTY.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Blob.wrap(null));
        assertEquals("héllo", Blob.ofUtf8("héllo").toUtf8());
        assertEquals(Blob.ofUtf8("x"), Blob.copyOf(new byte[] {'x'}));
    }
}
