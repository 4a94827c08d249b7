package org.duplex.replication.mutation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReplicatedPathTest {
    @ParameterizedTest
    @ValueSource(strings = {".", "a", "a/b/c", "pg_wal/000000010000000000000001", "é/€ x", "..a", "a..", ".hidden"})
    void acceptsNormalisedRelativePaths(String path) {
        assertThat(ReplicatedPath.require(path)).isEqualTo(path);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "..|'..' escapes",
        "a/../b|'..' escapes",
        "a/..|'..' escapes",
        "/etc/passwd|absolute path",
        "a//b|empty component",
        "a/|empty component",
        "./a|component '.'",
        "a/./b|component '.'"})
    void refusesWithAMessageNamingPathAndProblem(String path, String problem) {
        assertThatThrownBy(() -> ReplicatedPath.require(path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + path + "'")
                .hasMessageContaining(problem);
    }

    @org.junit.jupiter.api.Test
    void refusesEmptyNulAndOverlongPaths() {
        assertThat(ReplicatedPath.problem("")).isEqualTo("empty path");
        assertThat(ReplicatedPath.problem("a\0b")).contains("NUL");
        assertThat(ReplicatedPath.problem("x/".repeat(2100) + "y")).contains("longer than 4096");
    }

    @org.junit.jupiter.api.Test
    void mutationsCannotBeBuiltWithABadPath() {
        assertThatThrownBy(() -> new Mutation.Rename("a", "../b", RenameMode.REPLACE))
                .hasMessageContaining("'../b'");
    }
}
