package org.duplex.windows.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.duplex.common.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WindowsPathTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "C:\\Program Files (x86)\\Duplex|C:\\Program Files (x86)\\Duplex",
        "c:/Program Files/Hanwha/SSM/|C:\\Program Files\\Hanwha\\SSM",
        "D:\\|D:\\",
        "\\\\filer\\share\\data|\\\\filer\\share\\data",
        "C:\\a\\.\\b\\\\c|C:\\a\\b\\c",
    })
    void canonicalSpelling(String input, String expected) {
        assertThat(WindowsPath.parse(input, "test").toString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "relative\\dir|is not absolute",
        "/usr/local|is not absolute",
        "C:dir|relative to the current directory of drive C:",
        "C:\\a\\..\\b|contains '..'",
        "C:\\a\\b?|has the character '?'",
        "C:\\a\\b:stream|has the character ':'",
        "C:\\data\\NUL.txt|reserved device name 'NUL.txt'",
        "C:\\data\\com1|reserved device name 'com1'",
        "C:\\data \\x|ending in a space or a dot",
        "C:\\data.\\x|ending in a space or a dot",
        "\\\\?\\C:\\data|device path",
        "\\\\server|without \\\\server\\share",
    })
    void rejectsWithTheRuleAndThePath(String input, String rule) {
        assertThatThrownBy(() -> WindowsPath.parse(input, "userconfig.xml <replicated dir>"))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("userconfig.xml <replicated dir>")
                .hasMessageContaining(input)
                .hasMessageContaining(rule)
                .extracting(e -> ((UserError) e).kind()).isEqualTo(UserError.Kind.INVALID_INPUT);
    }

    @Test
    void rejectsPathsLongerThanMaxPath() {
        String longPath = "C:\\" + "a".repeat(WindowsPath.MAX_LENGTH);
        assertThatThrownBy(() -> WindowsPath.parse(longPath, "x")).hasMessageContaining("MAX_PATH");
    }

    @Test
    void containmentIgnoresCaseAndNeedsWholeComponents() {
        WindowsPath data = WindowsPath.parse("C:\\Program Files\\PostgreSQL\\data", "t");
        assertThat(data.contains(WindowsPath.parse("c:\\program files\\postgresql\\DATA\\pg_wal", "t"))).isTrue();
        assertThat(data.contains(data)).isTrue();
        assertThat(data.contains(WindowsPath.parse("C:\\Program Files\\PostgreSQL\\data2", "t"))).isFalse();
        assertThat(data.contains(WindowsPath.parse("D:\\Program Files\\PostgreSQL\\data", "t"))).isFalse();
        assertThat(data.contains(WindowsPath.parse("C:\\Program Files", "t"))).isFalse();
    }

    @Test
    void equalityIsCaseInsensitiveLikeNtfs() {
        assertThat(WindowsPath.parse("C:\\Data", "t")).isEqualTo(WindowsPath.parse("c:/DATA/", "t"))
                .hasSameHashCodeAs(WindowsPath.parse("c:/DATA/", "t"));
    }

    @Test
    void resolveKeepsRulesAndRootsAreDetected() {
        WindowsPath root = WindowsPath.parse("C:\\", "t");
        assertThat(root.isRoot()).isTrue();
        assertThat(root.resolve("safekit/modules").toString()).isEqualTo("C:\\safekit\\modules");
        assertThat(root.resolve("x").isRoot()).isFalse();
        assertThatThrownBy(() -> root.resolve("..\\Windows")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> root.resolve("a|b")).hasMessageContaining("'|'");
        assertThat(WindowsPath.parse("\\\\filer\\share", "t").isRoot()).isTrue();
        assertThat(WindowsPath.parse("\\\\filer\\share", "t").isUnc()).isTrue();
    }
}
