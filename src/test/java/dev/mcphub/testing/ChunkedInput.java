package dev.mcphub.testing;

import java.io.InputStream;
import java.util.List;

/**
 * A byte stream that hands its bytes over in pieces of the given sizes (cycled), as a pipe or a socket may: a
 * message, a line ending or a multi-byte UTF-8 character can be cut anywhere. For framing properties.
 */
public final class ChunkedInput extends InputStream {
    private final byte[] bytes;
    private final List<Integer> pieces;
    private int position;
    private int piece;

    /** @param pieces sizes of the successive reads, each at least 1; used in turn, again from the start */
    public ChunkedInput(byte[] bytes, List<Integer> pieces) {
        if (pieces.isEmpty() || pieces.stream().anyMatch(size -> size < 1)) {
            throw new IllegalArgumentException("pieces must be non-empty sizes of at least 1: " + pieces);
        }
        this.bytes = bytes.clone();
        this.pieces = List.copyOf(pieces);
    }

    @Override
    public int read() {
        return position < bytes.length ? bytes[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (position >= bytes.length) {
            return -1;
        }
        int size = Math.min(Math.min(length, pieces.get(piece++ % pieces.size())), bytes.length - position);
        System.arraycopy(bytes, position, into, offset, size);
        position += size;
        return size;
    }

    @Override
    public int available() {
        return 0; // Never promise more: readers must cope with what arrives.
    }
}
