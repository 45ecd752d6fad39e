package org.fedledger.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @TempDir
    Path dir;

    private static String row(int features, String value, String label) {
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < features; j++) {
            b.append(value).append(',');
        }
        return b.append(label).toString();
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private Path writeGzip(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    @Nested
    class BundledCopies {
        @Test
        void breast_cancer_has_569_samples_of_30_features_212_malignant_and_357_benign() {
            Dataset data = Datasets.breastCancer();
            assertThat(data.size()).isEqualTo(569);
            assertThat(data.featureCount()).isEqualTo(30);
            assertThat(data.classCounts()).containsExactly(212, 357);
            assertThat(data.feature(0, 0)).isEqualTo(17.99);
            assertThat(data.label(0)).isZero();
        }

        @Test
        void digits_has_1797_samples_of_64_pixels_in_ten_classes() {
            Dataset data = Datasets.digits();
            assertThat(data.size()).isEqualTo(1797);
            assertThat(data.featureCount()).isEqualTo(64);
            assertThat(data.classCount()).isEqualTo(10);
            assertThat(java.util.Arrays.stream(data.classCounts()).boxed().toList()).allSatisfy(c -> assertThat(c).isBetween(170, 190));
            assertThat(data.feature(0, 2)).isEqualTo(5.0);
        }

        @Test
        void ship_with_their_attribution() throws IOException {
            try (var in = Datasets.class.getResourceAsStream("/datasets/README.md")) {
                String readme = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(readme).contains("CC BY 4.0", "W. Wolberg, O. Mangasarian, N. Street, W. Street (1993)",
                        "E. Alpaydin, C. Kaynak (1998)", "https://doi.org/10.24432/C5DW2B",
                        "https://doi.org/10.24432/C50P49");
            }
        }
    }

    @Nested
    class Refuses {
        @Test
        void a_missing_file_naming_it() {
            Path missing = dir.resolve("nowhere.csv");
            DatasetFormatException e = catchThrowableOfType(DatasetFormatException.class,
                    () -> Datasets.breastCancer(missing));
            assertThat(e.error()).isEqualTo(DatasetError.MISSING_FILE);
            assertThat(e.source()).isEqualTo(missing.toString());
            assertThat(e.line()).isZero();
            assertThat(e.getMessage()).contains("nowhere.csv", "MISSING_FILE");
        }

        @Test
        void an_empty_file() throws IOException {
            DatasetFormatException e = catchThrowableOfType(DatasetFormatException.class,
                    () -> Datasets.digits(write("empty.csv", "")));
            assertThat(e.error()).isEqualTo(DatasetError.EMPTY);
        }

        @Test
        void a_header_with_the_wrong_feature_count() throws IOException {
            Path file = write("bc.csv", "1,29,malignant,benign\n" + row(30, "1.0", "0") + "\n");
            DatasetFormatException e = catchThrowableOfType(DatasetFormatException.class,
                    () -> Datasets.breastCancer(file));
            assertThat(e.error()).isEqualTo(DatasetError.BAD_HEADER);
            assertThat(e.line()).isEqualTo(1);
        }

        @Test
        void fewer_rows_than_the_header_declares() throws IOException {
            Path file = write("bc.csv", "3,30,malignant,benign\n" + row(30, "1.0", "0") + "\n" + row(30, "2", "1") + "\n");
            DatasetFormatException e = catchThrowableOfType(DatasetFormatException.class,
                    () -> Datasets.breastCancer(file));
            assertThat(e.error()).isEqualTo(DatasetError.ROW_COUNT_MISMATCH);
            assertThat(e.detail()).contains("declares 3", "has 2");
        }

        @Test
        void a_row_with_a_missing_column_at_its_line() throws IOException {
            Path file = write("bc.csv", "2,30,malignant,benign\n" + row(30, "1.0", "0") + "\n" + row(29, "1", "1") + "\n");
            DatasetFormatException e = catchThrowableOfType(DatasetFormatException.class,
                    () -> Datasets.breastCancer(file));
            assertThat(e.error()).isEqualTo(DatasetError.WRONG_COLUMN_COUNT);
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.detail()).contains("expected 31 columns", "found 30");
        }

        @Test
        void a_blank_line_between_samples() throws IOException {
            Path file = write("d.csv", row(64, "1", "3") + "\n\n" + row(64, "1", "3") + "\n");
            DatasetFormatException e = catchThrowableOfType(DatasetFormatException.class, () -> Datasets.digits(file));
            assertThat(e.error()).isEqualTo(DatasetError.WRONG_COLUMN_COUNT);
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.detail()).contains("blank line");
        }

        @Test
        void words_nan_and_infinity_where_numbers_belong() throws IOException {
            for (String bad : new String[] {"abc", "NaN", "Infinity", "0x1p3", "1.0d", ""}) {
                Path file = write("bc.csv", "1,30,malignant,benign\n" + row(30, bad, "1") + "\n");
                DatasetFormatException e = catchThrowableOfType(DatasetFormatException.class,
                        () -> Datasets.breastCancer(file));
                assertThat(e.error()).as(bad).isEqualTo(DatasetError.NOT_A_NUMBER);
                assertThat(e.line()).isEqualTo(2);
                assertThat(e.detail()).contains("column 1");
            }
        }

        @Test
        void a_pixel_outside_0_to_16() throws IOException {
            Path file = writeGzip("d.csv.gz", row(64, "17", "3") + "\n");
            DatasetFormatException e = catchThrowableOfType(DatasetFormatException.class, () -> Datasets.digits(file));
            assertThat(e.error()).isEqualTo(DatasetError.VALUE_OUT_OF_RANGE);
            assertThat(e.line()).isEqualTo(1);
        }

        @Test
        void a_label_that_is_not_a_class() throws IOException {
            for (String bad : new String[] {"10", "-1", "2.0", "x"}) {
                Path file = write("d.csv", row(64, "0", "1") + "\n" + row(64, "0", bad) + "\n");
                DatasetFormatException e = catchThrowableOfType(DatasetFormatException.class,
                        () -> Datasets.digits(file));
                assertThat(e.error()).as(bad).isEqualTo(DatasetError.BAD_LABEL);
                assertThat(e.line()).isEqualTo(2);
            }
        }

        @Test
        void a_gzip_file_that_is_not_gzip() throws IOException {
            Path file = write("d.csv.gz", row(64, "0", "1") + "\n");
            DatasetFormatException e = catchThrowableOfType(DatasetFormatException.class, () -> Datasets.digits(file));
            assertThat(e.error()).isEqualTo(DatasetError.UNREADABLE);
        }
    }

    @Test
    void reads_a_well_formed_file_with_a_final_newline() throws IOException {
        Path file = write("bc.csv", "2,30,malignant,benign\n" + row(30, "1.5e1", "0") + "\n" + row(30, "-.5", "1") + "\n");
        Dataset data = Datasets.breastCancer(file);
        assertThat(data.size()).isEqualTo(2);
        assertThat(data.feature(0, 29)).isEqualTo(15.0);
        assertThat(data.feature(1, 0)).isEqualTo(-0.5);
        assertThat(data.labels()).containsExactly(0, 1);
    }
}
