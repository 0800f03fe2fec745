package io.jfairing.runtime.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Open Inference Protocol's binary tensor data extension: tensor data after the JSON header of a body (whose
 * length the {@code Inference-Header-Content-Length} header gives), little-endian, row-major, BOOL one byte, BYTES
 * elements each a 4-byte length and the bytes. Inputs say {@code "parameters": {"binary_data_size": N}}; outputs are
 * sent so when asked with {@code "binary_data": true} (an output) or {@code "binary_data_output": true} (the request).
 */
final class BinaryTensors {
    static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    static final String SIZE = "binary_data_size";

    private BinaryTensors() {}

    /** Bytes per element of a fixed-size datatype; 0 for BYTES. */
    static int elementSize(String datatype) {
        return switch (datatype) {
            case "BOOL", "UINT8", "INT8" -> 1;
            case "UINT16", "INT16", "FP16" -> 2;
            case "UINT32", "INT32", "FP32" -> 4;
            case "UINT64", "INT64", "FP64" -> 8;
            default -> 0;
        };
    }

    /** The elements of {@code count} binary elements of {@code datatype}, as JSON values (Double, Long, Boolean, String). */
    static List<Object> decode(ByteBuffer data, String datatype, long count, String where) {
        ByteBuffer in = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        int size = elementSize(datatype);
        if (size > 0 && (long) in.remaining() != count * size) {
            throw Tensors.bad(where + ": " + SIZE + " " + in.remaining() + " does not hold " + count + " " + datatype
                    + " elements (" + count * size + " bytes)");
        }
        List<Object> out = new ArrayList<>((int) Math.min(count, 1 << 20));
        for (long i = 0; i < count; i++) {
            out.add(
                    switch (datatype) {
                        case "BOOL" -> in.get() != 0;
                        case "UINT8" -> (long) (in.get() & 0xFF);
                        case "INT8" -> (long) in.get();
                        case "UINT16" -> (long) (in.getShort() & 0xFFFF);
                        case "INT16" -> (long) in.getShort();
                        case "UINT32" -> in.getInt() & 0xFFFFFFFFL;
                        case "INT32" -> (long) in.getInt();
                        case "UINT64", "INT64" -> in.getLong();
                        case "FP32" -> (double) in.getFloat();
                        case "FP64" -> in.getDouble();
                        case "BYTES" -> string(in, where);
                        default -> throw Tensors.bad(where + ": datatype " + datatype + " is not supported");
                    });
        }
        if (in.hasRemaining()) {
            throw Tensors.bad(where + ": " + in.remaining() + " bytes left over after " + count + " BYTES elements");
        }
        return out;
    }

    private static String string(ByteBuffer in, String where) {
        if (in.remaining() < 4) {
            throw Tensors.bad(where + ": a BYTES element's 4-byte length is cut short");
        }
        long length = in.getInt() & 0xFFFFFFFFL;
        if (length > in.remaining()) {
            throw Tensors.bad(where + ": a BYTES element of " + length + " bytes is cut short");
        }
        ByteBuffer bytes = in.slice().limit((int) length);
        in.position(in.position() + (int) length);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw Tensors.bad(where + ": a BYTES element is not UTF-8 text");
        }
    }

    /** The binary form of an output's flat data. */
    static byte[] encode(List<Object> data, String datatype) {
        int size = elementSize(datatype);
        if (size == 0) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            for (Object value : data) {
                byte[] bytes = String.valueOf(value).getBytes(StandardCharsets.UTF_8);
                out.writeBytes(length.clear().putInt(bytes.length).array());
                out.writeBytes(bytes);
            }
            return out.toByteArray();
        }
        ByteBuffer out =
                ByteBuffer.allocate(Math.multiplyExact(size, data.size())).order(ByteOrder.LITTLE_ENDIAN);
        for (Object value : data) {
            switch (datatype) {
                case "BOOL" -> out.put((byte) (Boolean.TRUE.equals(value) ? 1 : 0));
                case "UINT8", "INT8" -> out.put(((Number) value).byteValue());
                case "UINT16", "INT16" -> out.putShort(((Number) value).shortValue());
                case "UINT32", "INT32" -> out.putInt(((Number) value).intValue());
                case "UINT64", "INT64" -> out.putLong(((Number) value).longValue());
                case "FP32" -> out.putFloat(((Number) value).floatValue());
                case "FP64" -> out.putDouble(((Number) value).doubleValue());
                default -> throw new IllegalArgumentException("no binary form for " + datatype);
            }
        }
        return out.array();
    }
}
