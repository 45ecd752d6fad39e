package org.fedledger.protocol.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The code and docs cite the repository's own architecture page, and only invariants it defines. */
class ArchitectureDocTest {
    private static final Path ROOT = Path.of("..");
    private static final List<String> SOURCES = List.of("fl-core/src", "ledger-protocol/src", "chaincode/src",
            "client-sdk/src", "benchmarks/src", "docs");

    private static List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String dir : SOURCES) {
            Path d = ROOT.resolve(dir);
            if (Files.isDirectory(d)) {
                try (Stream<Path> walk = Files.walk(d)) {
                    walk.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".md")).sorted()
                            .forEach(out::add);
                }
            }
        }
        return out;
    }

    private static Set<Integer> defined() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/architecture.md"), StandardCharsets.UTF_8);
        String section = doc.substring(doc.indexOf("## Invariants"));
        Set<Integer> numbers = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^([0-9]+)\\. \\*\\*").matcher(section);
        while (m.find()) {
            numbers.add(Integer.parseInt(m.group(1)));
        }
        return numbers;
    }

    @Test
    void the_architecture_page_defines_invariants_one_to_nine() throws IOException {
        assertThat(defined()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void every_invariant_cited_is_defined_there() throws IOException {
        Set<Integer> defined = defined();
        Pattern citation = Pattern.compile("[Ii]nvariants? ([0-9]+(?:(?:, | and )[0-9]+)*)");
        List<String> undefined = new ArrayList<>();
        int citations = 0;
        for (Path file : files()) {
            Matcher m = citation.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                citations++;
                for (String n : m.group(1).split(", | and ")) {
                    if (!defined.contains(Integer.parseInt(n))) {
                        undefined.add(file + ": invariant " + n);
                    }
                }
            }
        }
        assertThat(citations).isPositive();
        assertThat(undefined).isEmpty();
    }

    @Test
    void nothing_cites_a_design_file_outside_the_repository() throws IOException {
        List<String> outside = new ArrayList<>();
        for (Path file : files()) {
            if (file.endsWith("ArchitectureDocTest.java")) {
                continue; // names them to look for them
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            for (String foreign : List.of("DESIGN.md", "FABRIC-NOTES.md", "STYLE.md", "shared/")) {
                if (text.contains(foreign)) {
                    outside.add(file + " cites " + foreign);
                }
            }
        }
        assertThat(outside).isEmpty();
    }
}
