package org.fedledger.embedded;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shim runs in process without the telemetry a chaincode server exports: its OTLP exporter, the
 * HTTP client under it (OkHttp, Okio, Kotlin's runtime), the autoconfiguration and the gRPC
 * instrumentation are excluded from this module's dependencies, so they reach no application that embeds
 * the ledger; every other test of this module runs the chaincode without them.
 */
class InProcessShimClasspathTest {
    @ParameterizedTest
    @ValueSource(strings = {"io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter", "okhttp3.OkHttpClient",
            "okio.Buffer", "kotlin.Unit", "io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk",
            "io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry"})
    void the_shims_telemetry_export_is_not_on_the_classpath(String className) {
        assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
    }
}
