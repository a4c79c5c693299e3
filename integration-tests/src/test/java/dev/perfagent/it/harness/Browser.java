package dev.perfagent.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless chromium driven through chromedriver, both the system's own (Debian: {@code apt-get install
 * -y chromium chromium-driver}), never a downloaded browser: their paths are given to Selenium, so
 * Selenium Manager has nothing to look up or fetch. The browser's console is recorded so a test can
 * assert that a page logged no error.
 */
public final class Browser implements AutoCloseable {
    private static final String INSTALL = "apt-get install -y chromium chromium-driver";
    /**
     * Selenium warns when the browser is newer than the DevTools protocol versions it bundles; these tests
     * use WebDriver only, never DevTools, so the warning says nothing about them. Held here, as the JDK
     * keeps loggers weakly.
     */
    private static final Logger CDP_VERSION_LOG = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /**
     * Starts a headless chromium with a {@code width x height} window, its chromedriver logging to
     * {@code dir/chromedriver.log}; skips the test (a JUnit assumption) when chromium or chromedriver is
     * not installed.
     */
    public static Browser start(Path dir, int width, int height) {
        Optional<Path> chromium = Commands.onPath("chromium");
        Optional<Path> chromedriver = Commands.onPath("chromedriver");
        Assumptions.assumeTrue(chromium.isPresent() && chromedriver.isPresent(),
                "the browser tests need chromium and chromedriver on the PATH (" + INSTALL + "); found chromium: "
                        + chromium.map(Path::toString).orElse("no") + ", chromedriver: "
                        + chromedriver.map(Path::toString).orElse("no"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-extensions", "--no-first-run", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--window-size=" + width + "," + height, "--user-data-dir=" + dir.resolve("chromium-profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile())
                .usingAnyFreePort()
                .withLogFile(dir.resolve("chromedriver.log").toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver);
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    public void open(String url) {
        driver.get(url);
    }

    public List<WebElement> findAll(String cssSelector) {
        return driver.findElements(By.cssSelector(cssSelector));
    }

    /** The first element matching {@code cssSelector}, or empty. */
    public Optional<WebElement> find(String cssSelector) {
        return findAll(cssSelector).stream().findFirst();
    }

    /** Waits until an element matches {@code cssSelector}. */
    public WebElement await(String what, String cssSelector, Duration timeout) {
        return Poll.until(what + " (" + cssSelector + ")", timeout, () -> find(cssSelector),
                Optional::isPresent).orElseThrow();
    }

    public Object script(String javascript, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(javascript, args);
    }

    /** Saves what the window shows as a PNG. */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The console entries since the last call (chromedriver hands each entry out once). */
    public List<LogEntry> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /** Console entries at level SEVERE (uncaught errors, failed loads, Content-Security-Policy refusals). */
    public static List<String> severe(List<LogEntry> entries) {
        return entries.stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::toString).collect(Collectors.toList());
    }

    @Override
    public void close() {
        driver.quit();
    }
}
