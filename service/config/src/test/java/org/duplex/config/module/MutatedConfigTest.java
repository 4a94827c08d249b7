package org.duplex.config.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Random;
import org.duplex.config.ConfigException;
import org.duplex.config.Platform;
import org.junit.jupiter.api.Test;

/**
 * Bad input never crashes the parser: seeded random mutations of a real module's config either
 * parse or fail with a {@link ConfigException} that names a location in the file. The seed is
 * printed so a failure can be replayed.
 */
class MutatedConfigTest {
    private static final int ROUNDS = 400;
    private static final String ALPHABET = "<>/=\"'%&;!-_ abcdefghijklmnopqrstuvwxyz0123456789.:\\\n\t";

    @Test
    void mutationsParseOrFailWithALocatedConfigError() throws IOException {
        long seed = Long.getLong("duplex.seed", System.nanoTime());
        System.out.println("MutatedConfigTest seed=" + seed + " (rerun with -Dduplex.seed=" + seed + ")");
        Random random = new Random(seed);
        String original = Files.readString(GoldenModulesTest.MODULES.resolve("postgresql.safe/conf/userconfig.xml"));
        int rejected = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String mutated = mutate(original, random);
            try {
                new UserConfigParser(Platform.LINUX, Map.of()).parse(mutated.getBytes(StandardCharsets.UTF_8), "m.xml");
            } catch (ConfigException e) {
                rejected++;
                assertThat(e.getMessage()).as("seed %d round %d", seed, round).startsWith("m.xml");
                assertThat(e.location().file()).isEqualTo("m.xml");
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " round " + round + ": " + e + "\n--- input:\n" + mutated, e);
            }
        }
        assertThat(rejected).as("mutations must exercise the error paths").isPositive();
    }

    private static String mutate(String s, Random random) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits && b.length() > 1; i++) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(4)) {
                case 0 -> b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(12)));
                case 1 -> b.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 2 -> b.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                default -> {
                    int end = Math.min(b.length(), at + random.nextInt(80));
                    b.insert(at, b.substring(at, end));
                }
            }
        }
        return b.toString();
    }
}
