package org.duplex.console.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.duplex.console.web.ConsoleTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The console in Debian's headless Chromium (through chromedriver and Selenium) against a real
 * server on 127.0.0.1 with a fake node: log in, see the module's colour, run a command and see the
 * state change, tail a log live, and check that a Monitor gets disabled buttons. Screenshots go to
 * {@code target/screenshots/}.
 */
class ConsoleBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir Path dir;
    private ConsoleTestServer console;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests need Debian's chromium and chromium-driver (scripts/test.sh installs them)");
        console = new ConsoleTestServer(dir.resolve("node"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1200,800", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(WAIT);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (console != null) {
            console.close();
        }
    }

    private void logIn(String user) {
        browser.get(console.base().resolve("/login").toString());
        browser.findElement(By.name("httpd_username")).sendKeys(user);
        browser.findElement(By.name("httpd_password")).sendKeys(ConsoleTestServer.PASSWORD);
        browser.findElement(By.id("login-submit")).click();
        awaitText(By.id("who"), user + " (");
    }

    private void awaitText(By by, String text) {
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                assertThat(browser.findElement(by).getText()).contains(text));
    }

    private org.openqa.selenium.Alert confirmation() {
        return await().atMost(WAIT).ignoreExceptions().until(() -> browser.switchTo().alert(), a -> a != null);
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void controlUserSeesTheModuleInItsColourAndStopsIt() throws Exception {
        logIn("control");
        By pgState = By.cssSelector("#modules tr[data-module='pg'] td.local .state");
        awaitText(pgState, "PRIM (Ready)");
        assertThat(browser.findElement(pgState).getAttribute("class")).contains("state-green");
        assertThat(browser.findElement(By.cssSelector("#modules tr[data-module='pg'] td.peer")).getText()).isEqualTo("SECOND");
        screenshot("overview");

        browser.findElement(By.linkText("pg")).click();
        awaitText(By.id("module-state"), "PRIM (Ready)");
        browser.findElement(By.cssSelector("#actions button[data-verb='stop']")).click();
        // stop asks for a confirmation: dismissing it must not run anything.
        confirmation().dismiss();
        assertThat(console.commands()).isEmpty();
        browser.findElement(By.cssSelector("#actions button[data-verb='stop']")).click();
        confirmation().accept();

        awaitText(By.id("module-state"), "STOP (NotReady)");
        assertThat(browser.findElement(By.id("module-state")).getAttribute("class")).contains("state-red");
        assertThat(console.commands()).containsExactly("stop");
        awaitText(By.id("message"), "stop accepted");
        screenshot("module");
    }

    @Test
    void logsPageShowsHistoryTailsLiveAndFiltersErrors() throws Exception {
        logIn("monitor");
        browser.get(console.base().resolve("/modules/pg/logs").toString());
        awaitText(By.id("log-lines"), "Local state PRIM Ready");

        // The live tail starts at the end of the file once the stream is set up: append until a line shows.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            console.appendModuleLog("2026-11-25 12:00:05.000 E Checker tcp.pg failed");
            assertThat(browser.findElement(By.id("log-lines")).getText()).contains("Checker tcp.pg failed");
        });

        browser.findElement(By.cssSelector("#log-level option[value='errors']")).click();
        await().atMost(WAIT).untilAsserted(() -> assertThat(browser.findElement(By.id("log-lines")).getText())
                .contains("Checker tcp.pg failed").doesNotContain("Local state PRIM Ready"));
        screenshot("logs");

        browser.findElement(By.id("log-text")).sendKeys("rfs");
        await().atMost(WAIT).untilAsserted(() -> assertThat(browser.findElement(By.id("log-lines")).getText())
                .contains("rfs.uptodate").doesNotContain("Checker tcp.pg failed"));
    }

    @Test
    void monitorSeesDisabledCommandButtonsAndCannotImport() throws Exception {
        logIn("monitor");
        browser.get(console.base().resolve("/modules/pg").toString());
        awaitText(By.id("module-state"), "PRIM (Ready)");
        await().atMost(WAIT).untilAsserted(() -> {
            List<WebElement> buttons = browser.findElements(By.cssSelector("#actions button"));
            assertThat(buttons).hasSize(8).allSatisfy(b -> assertThat(b.isEnabled()).isFalse());
        });
        screenshot("module-monitor");

        browser.get(console.base().resolve("/import").toString());
        awaitText(By.id("message"), "may not import modules");
        assertThat(browser.findElement(By.id("import-submit")).isEnabled()).isFalse();
        assertThat(console.commands()).isEmpty();
    }
}
