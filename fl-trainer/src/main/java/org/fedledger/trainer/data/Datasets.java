package org.fedledger.trainer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Entry point of the data package: strict loaders for the two bundled datasets, from the copy inside
 * this library or from a file with the same layout.
 *
 * <ul>
 *   <li>Breast Cancer Wisconsin (Diagnostic): 569 samples, 30 real features, 2 classes (0 = malignant,
 *       1 = benign). CSV whose first line is {@code rows,features,class0,class1}, then one sample per
 *       line, label last.</li>
 *   <li>Optical Recognition of Handwritten Digits: 1797 samples, 64 integer features in [0, 16] (8x8
 *       images), 10 classes. Gzip CSV without header, label last.</li>
 * </ul>
 *
 * <p>Both are from the UCI Machine Learning Repository under CC BY 4.0; see the README next to them.
 *
 * <pre>{@code
 * Dataset digits = Datasets.digits();
 * Dataset mine = Datasets.breastCancer(Path.of("site-a.csv")); // DatasetFormatException when malformed
 * }</pre>
 */
public final class Datasets {
    /** Features per breast-cancer sample. */
    public static final int BREAST_CANCER_FEATURES = 30;
    /** Features per digits sample. */
    public static final int DIGITS_FEATURES = 64;
    /** Classes of the digits dataset. */
    public static final int DIGITS_CLASSES = 10;

    private static final String BREAST_CANCER_RESOURCE = "/datasets/breast_cancer.csv";
    private static final String DIGITS_RESOURCE = "/datasets/digits.csv.gz";
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("\\d{1,9}");

    private Datasets() {
    }

    /**
     * @return the bundled breast-cancer dataset, in file order
     * @throws DatasetFormatException when the bundled copy is missing from the class path
     */
    public static Dataset breastCancer() {
        return parseBreastCancer(BREAST_CANCER_RESOURCE, readResource(BREAST_CANCER_RESOURCE, false));
    }

    /**
     * @param file a CSV with the breast-cancer layout (see the class description); {@code .gz} is
     *     decompressed
     * @return the dataset, in file order
     * @throws DatasetFormatException naming the file, line and problem when it is missing or malformed
     */
    public static Dataset breastCancer(Path file) {
        return parseBreastCancer(file.toString(), readFile(file));
    }

    /**
     * @return the bundled digits dataset, in file order
     * @throws DatasetFormatException when the bundled copy is missing from the class path
     */
    public static Dataset digits() {
        return parseDigits(DIGITS_RESOURCE, readResource(DIGITS_RESOURCE, true));
    }

    /**
     * @param file a CSV with the digits layout (see the class description); {@code .gz} is decompressed
     * @return the dataset, in file order
     * @throws DatasetFormatException naming the file, line and problem when it is missing or malformed
     */
    public static Dataset digits(Path file) {
        return parseDigits(file.toString(), readFile(file));
    }

    private static Dataset parseBreastCancer(String source, List<String> lines) {
        if (lines.isEmpty()) {
            throw new DatasetFormatException(source, 0, DatasetError.EMPTY, "the file has no lines", null);
        }
        String[] header = lines.get(0).split(",", -1);
        if (header.length != 4 || !INTEGER.matcher(header[0]).matches()
                || !header[1].equals(Integer.toString(BREAST_CANCER_FEATURES))) {
            throw new DatasetFormatException(source, 1, DatasetError.BAD_HEADER, "expected 'rows,"
                    + BREAST_CANCER_FEATURES + ",malignant,benign' but found '" + abbreviate(lines.get(0)) + "'", null);
        }
        int declared = Integer.parseInt(header[0]);
        Dataset data = parseRows(source, lines, 1, BREAST_CANCER_FEATURES, 2, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY);
        if (data.size() != declared) {
            throw new DatasetFormatException(source, 1, DatasetError.ROW_COUNT_MISMATCH, "the header declares "
                    + declared + " samples but the file has " + data.size(), null);
        }
        return data;
    }

    private static Dataset parseDigits(String source, List<String> lines) {
        return parseRows(source, lines, 0, DIGITS_FEATURES, DIGITS_CLASSES, 0.0, 16.0);
    }

    /** Parses {@code lines[first..]}: {@code features} numbers in [min, max], then an integer label. */
    private static Dataset parseRows(String source, List<String> lines, int first, int features, int classes,
            double min, double max) {
        int rows = lines.size() - first;
        if (rows <= 0) {
            throw new DatasetFormatException(source, 0, DatasetError.EMPTY, "the file has no samples", null);
        }
        double[] values = new double[rows * features];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            int lineNumber = first + r + 1;
            String line = lines.get(first + r);
            String[] cells = line.split(",", -1);
            if (cells.length != features + 1) {
                throw new DatasetFormatException(source, lineNumber, DatasetError.WRONG_COLUMN_COUNT, "expected "
                        + (features + 1) + " columns (" + features + " features and a label) but found "
                        + (line.isBlank() ? "a blank line" : cells.length), null);
            }
            for (int j = 0; j < features; j++) {
                String cell = cells[j].strip();
                if (!DECIMAL.matcher(cell).matches()) {
                    throw new DatasetFormatException(source, lineNumber, DatasetError.NOT_A_NUMBER, "column "
                            + (j + 1) + " is '" + abbreviate(cell) + "', not a decimal number", null);
                }
                double v = Double.parseDouble(cell);
                if (!(v >= min && v <= max)) {
                    throw new DatasetFormatException(source, lineNumber, DatasetError.VALUE_OUT_OF_RANGE, "column "
                            + (j + 1) + " is " + cell + "; allowed range is [" + min + ", " + max + "]", null);
                }
                values[r * features + j] = v;
            }
            String label = cells[features].strip();
            if (!INTEGER.matcher(label).matches() || Integer.parseInt(label) >= classes) {
                throw new DatasetFormatException(source, lineNumber, DatasetError.BAD_LABEL, "label (column "
                        + (features + 1) + ") is '" + abbreviate(label) + "'; expected an integer in [0, "
                        + (classes - 1) + "]", null);
            }
            labels[r] = Integer.parseInt(label);
        }
        return Dataset.ofFlat(source, features, classes, values, labels);
    }

    private static List<String> readFile(Path file) {
        Objects.requireNonNull(file, "file");
        String source = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            return readLines(source, in, source.endsWith(".gz"));
        } catch (NoSuchFileException e) {
            throw new DatasetFormatException(source, 0, DatasetError.MISSING_FILE, "no such file", e);
        } catch (IOException e) {
            throw new DatasetFormatException(source, 0, DatasetError.UNREADABLE, String.valueOf(e.getMessage()), e);
        }
    }

    private static List<String> readResource(String resource, boolean gzip) {
        try (InputStream in = Datasets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new DatasetFormatException("classpath:" + resource, 0, DatasetError.MISSING_FILE,
                        "the bundled dataset is not on the class path", null);
            }
            return readLines("classpath:" + resource, in, gzip);
        } catch (IOException e) {
            throw new DatasetFormatException("classpath:" + resource, 0, DatasetError.UNREADABLE,
                    String.valueOf(e.getMessage()), e);
        }
    }

    /** Reads all lines; one trailing empty line (a final newline) is not a line. */
    private static List<String> readLines(String source, InputStream raw, boolean gzip) throws IOException {
        InputStream in = gzip ? new GZIPInputStream(raw) : raw;
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
