package org.fedledger.core.model;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Test helper: writes protobuf wire-format pieces by hand, canonical or deliberately not. */
final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Proto message() {
        return new Proto();
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] floatsLe(float... values) {
        byte[] bytes = new byte[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            int bits = Float.floatToRawIntBits(values[i]);
            bytes[4 * i] = (byte) bits;
            bytes[4 * i + 1] = (byte) (bits >>> 8);
            bytes[4 * i + 2] = (byte) (bits >>> 16);
            bytes[4 * i + 3] = (byte) (bits >>> 24);
        }
        return bytes;
    }

    Proto raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    Proto raw(String hex) {
        return raw(hex(hex));
    }

    Proto varint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
        return this;
    }

    Proto tag(int field, int wireType) {
        return varint(((long) field << 3) | wireType);
    }

    Proto len(int field, byte[] payload) {
        tag(field, 2).varint(payload.length);
        return raw(payload);
    }

    Proto len(int field, Proto payload) {
        return len(field, payload.bytes());
    }

    Proto string(int field, String ascii) {
        return len(field, ascii.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    Proto uint(int field, long value) {
        return tag(field, 0).varint(value);
    }

    Proto packed(int field, long... values) {
        Proto p = message();
        for (long v : values) {
            p.varint(v);
        }
        return len(field, p);
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** A canonical Tensor message body. */
    static Proto tensor(String name, long[] shape, float... values) {
        Proto t = message().string(1, name);
        if (shape.length > 0) {
            t.packed(2, shape);
        }
        return t.uint(3, 1).len(4, floatsLe(values));
    }
}
