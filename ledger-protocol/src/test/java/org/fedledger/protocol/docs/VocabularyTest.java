package org.fedledger.protocol.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
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
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.EventNames;
import org.fedledger.protocol.key.Collections;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.transaction.TransactionName;
import org.junit.jupiter.api.Test;

/** No main code outside ledger-protocol spells the ledger's vocabulary as a string literal. */
class VocabularyTest {
    private static final List<String> OTHER_MODULES = List.of("fl-core", "chaincode", "client-sdk", "benchmarks");
    /** Key types that are also ordinary names (an argument called round, a parameter called model). */
    private static final Set<String> COMMON_WORDS = Set.of(Keys.TASK, Keys.ROUND, Keys.UPDATE, Keys.MODEL,
            Keys.PAYLOAD);
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    static Set<String> vocabulary() throws IllegalAccessException {
        Set<String> words = new TreeSet<>();
        for (Class<?> holder : List.of(EventNames.class, Collections.class, TransientKeys.class, Keys.class)) {
            for (Field f : holder.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                    words.add((String) f.get(null));
                }
            }
        }
        words.removeAll(COMMON_WORDS);
        for (TransactionName tx : TransactionName.values()) {
            words.add(tx.wireName());
        }
        words.add(TransactionName.CONTRACT);
        for (ErrorCode code : ErrorCode.values()) {
            words.add(code.name());
        }
        return words;
    }

    @Test
    void the_vocabulary_is_what_the_protocol_defines() throws IllegalAccessException {
        assertThat(vocabulary()).contains("RoundOpened", "updates", "models", "payload/", "model/", "participant",
                "submitUpdate", "fedledger", "MANIFEST_MISMATCH");
    }

    @Test
    void no_other_module_spells_it_as_a_string_literal() throws IOException, IllegalAccessException {
        Set<String> words = vocabulary();
        List<String> spelled = new ArrayList<>();
        for (String module : OTHER_MODULES) {
            Path main = Path.of("..", module, "src", "main", "java");
            if (!Files.isDirectory(main)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(main)) {
                for (Path file : walk.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    String code = COMMENT.matcher(Files.readString(file, StandardCharsets.UTF_8)).replaceAll("");
                    Matcher m = LITERAL.matcher(code);
                    while (m.find()) {
                        if (words.contains(m.group(1))) {
                            spelled.add(file + ": \"" + m.group(1) + "\"");
                        }
                    }
                }
            }
        }
        assertThat(spelled).isEmpty();
    }
}
