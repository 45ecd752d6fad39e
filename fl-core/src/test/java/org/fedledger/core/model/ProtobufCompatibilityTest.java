package org.fedledger.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedledger.core.testing.PropertyCheck;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Shows that ModelCodec's hand-written bytes are real protobuf of {@code fedledger/model.proto}:
 * protobuf-java (with a descriptor built at runtime, no protoc) reads them to the same tensors and
 * writes the same message back to exactly the same bytes.
 */
class ProtobufCompatibilityTest {
    static final Descriptor MODEL;
    static final Descriptor TENSOR;
    static final EnumValueDescriptor FLOAT32;

    static {
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("fedledger/model.proto")
                .setPackage("fedledger")
                .setSyntax("proto3")
                .addEnumType(EnumDescriptorProto.newBuilder().setName("DType")
                        .addValue(EnumValueDescriptorProto.newBuilder().setName("DTYPE_UNSPECIFIED").setNumber(0))
                        .addValue(EnumValueDescriptorProto.newBuilder().setName("FLOAT32").setNumber(1)))
                .addMessageType(DescriptorProto.newBuilder().setName("Tensor")
                        .addField(field("name", 1, Type.TYPE_STRING, Label.LABEL_OPTIONAL))
                        .addField(field("shape", 2, Type.TYPE_INT64, Label.LABEL_REPEATED)
                                .setOptions(FieldOptions.newBuilder().setPacked(true)))
                        .addField(field("dtype", 3, Type.TYPE_ENUM,
                                Label.LABEL_OPTIONAL).setTypeName(".fedledger.DType"))
                        .addField(field("data", 4, Type.TYPE_BYTES, Label.LABEL_OPTIONAL)))
                .addMessageType(DescriptorProto.newBuilder().setName("Model")
                        .addField(field("tensors", 1, Type.TYPE_MESSAGE, Label.LABEL_REPEATED)
                                .setTypeName(".fedledger.Tensor")))
                .build();
        try {
            FileDescriptor descriptor = FileDescriptor.buildFrom(file, new FileDescriptor[0]);
            MODEL = descriptor.findMessageTypeByName("Model");
            TENSOR = descriptor.findMessageTypeByName("Tensor");
            FLOAT32 = descriptor.findEnumTypeByName("DType").findValueByName("FLOAT32");
        } catch (DescriptorValidationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static FieldDescriptorProto.Builder field(String name, int number, Type type, Label label) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type).setLabel(label);
    }

    private static FieldDescriptor f(Descriptor type, String name) {
        return type.findFieldByName(name);
    }

    static DynamicMessage toProtobuf(Model model) {
        DynamicMessage.Builder m = DynamicMessage.newBuilder(MODEL);
        for (Tensor t : model.tensors()) {
            DynamicMessage.Builder tensor = DynamicMessage.newBuilder(TENSOR)
                    .setField(f(TENSOR, "name"), t.name())
                    .setField(f(TENSOR, "dtype"), FLOAT32);
            for (int d : t.shape()) {
                tensor.addRepeatedField(f(TENSOR, "shape"), (long) d);
            }
            ByteBuffer data = ByteBuffer.allocate(t.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
            data.asFloatBuffer().put(t.values());
            tensor.setField(f(TENSOR, "data"), ByteString.copyFrom(data.array()));
            m.addRepeatedField(f(MODEL, "tensors"), tensor.build());
        }
        return m.build();
    }

    static Model fromProtobuf(DynamicMessage message) {
        List<Tensor> tensors = new ArrayList<>();
        int count = message.getRepeatedFieldCount(f(MODEL, "tensors"));
        for (int i = 0; i < count; i++) {
            DynamicMessage t = (DynamicMessage) message.getRepeatedField(f(MODEL, "tensors"), i);
            int rank = t.getRepeatedFieldCount(f(TENSOR, "shape"));
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = Math.toIntExact((Long) t.getRepeatedField(f(TENSOR, "shape"), d));
            }
            assertThat(t.getField(f(TENSOR, "dtype"))).isEqualTo(FLOAT32);
            ByteBuffer data = ((ByteString) t.getField(f(TENSOR, "data"))).asReadOnlyByteBuffer()
                    .order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[data.remaining() / 4];
            data.asFloatBuffer().get(values);
            tensors.add(Tensor.of((String) t.getField(f(TENSOR, "name")), shape, values));
        }
        return Model.of(tensors);
    }

    @Nested
    class AnyModel {
        @Test
        void parses_any_encoded_model_to_the_same_model() {
            PropertyCheck.forAll(300, gen -> {
                Model model = ModelCodecPropertiesTest.model(gen);
                DynamicMessage parsed;
                try {
                    parsed = DynamicMessage.parseFrom(MODEL, ModelCodec.encode(model));
                } catch (InvalidProtocolBufferException e) {
                    throw new AssertionError("protobuf-java refused our encoding of " + model, e);
                }

                assertThat(parsed.getUnknownFields().asMap()).isEmpty();
                assertThat(fromProtobuf(parsed)).isEqualTo(model);
            });
        }

        @Test
        void serialises_any_model_to_our_canonical_bytes() {
            PropertyCheck.forAll(300, gen -> {
                Model model = ModelCodecPropertiesTest.model(gen);
                byte[] ours = ModelCodec.encode(model);

                assertThat(toProtobuf(model).toByteArray()).isEqualTo(ours);
                assertThat(ModelCodec.decode(toProtobuf(model).toByteArray())).isEqualTo(model);
            });
        }
    }

    @Nested
    class ProtobufJavaReadingOurBytes {
        @Test
        void parses_the_golden_bytes_to_the_same_names_shapes_and_data() throws InvalidProtocolBufferException {
            DynamicMessage parsed = DynamicMessage.parseFrom(MODEL, Proto.hex(ModelCodecTest.GOLDEN_HEX));

            assertThat(parsed.getUnknownFields().asMap()).isEmpty();
            assertThat(fromProtobuf(parsed)).isEqualTo(ModelCodecTest.golden());
            DynamicMessage first = (DynamicMessage) parsed.getRepeatedField(f(MODEL, "tensors"), 0);
            assertThat(first.getField(f(TENSOR, "name"))).isEqualTo("b");
            assertThat(first.getField(f(TENSOR, "shape"))).isEqualTo(List.of(2L));
        }
    }

    @Nested
    class ProtobufJavaWritingTheSameMessage {
        @Test
        void serialises_the_golden_model_to_our_canonical_bytes() {
            assertThat(toProtobuf(ModelCodecTest.golden()).toByteArray()).isEqualTo(ModelCodec.encode(ModelCodecTest.golden()));
        }
    }

    @Nested
    class SchemaFile {
        @Test
        void declares_the_fields_this_test_builds_its_descriptor_from() throws IOException {
            String proto = Files.readString(Path.of("src/main/proto/fedledger/model.proto"), StandardCharsets.UTF_8);

            assertThat(proto).contains("syntax = \"proto3\";", "package fedledger;",
                    "message Model {", "repeated Tensor tensors = 1;",
                    "message Tensor {", "string name = 1;", "repeated int64 shape = 2 [packed = true];",
                    "DType dtype = 3;", "bytes data = 4;",
                    "enum DType {", "DTYPE_UNSPECIFIED = 0;", "FLOAT32 = 1;");
        }
    }
}
