package dev.tether.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for tests: Debian's headless Chromium driven through its own chromedriver
 * (no browser or driver is downloaded; the build installs the packages when they are missing,
 * see src/test/console/install-browser). Each instance has a fresh profile, so no cookie carries
 * over from another test. Screenshots go to target/screenshots/NAME.png, from where
 * src/test/console/update-screenshots copies the ones the docs show.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getProperty("tether.test.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("tether.test.chromedriver", "/usr/bin/chromedriver"));
    public static final Path SCREENSHOTS = Path.of("target/screenshots");

    private final Path profile;
    private final ChromeDriver driver;

    public Browser() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": run src/test/console/install-browser (apt-get install chromium chromium-driver)");
        }
        try {
            profile = Files.createTempDirectory("tether-browser-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        desktop();
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** The window most pages are designed for. */
    public Browser desktop() {
        driver.manage().window().setSize(new Dimension(1280, 900));
        return this;
    }

    /** A phone's width (an iPhone 12 to 15). */
    public Browser phone() {
        driver.manage().window().setSize(new Dimension(390, 844));
        return this;
    }

    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    public WebElement find(By by) {
        return driver.findElement(by);
    }

    /** The element, waited for: after a click that submits a form, the next page may still be loading. */
    public WebElement await(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.findElements(by).stream().findFirst().orElse(null));
    }

    /** The text of the page's first h1, waited for (pages render on the server; this waits for loads and refreshes). */
    public String heading() {
        return textOf(By.tagName("h1"));
    }

    /**
     * The text of the element, waited for. After a click that submits a form, the old page may still
     * be there, or be replaced between finding the element and reading it (a stale element): both are waited out.
     */
    public String textOf(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(15))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElements(by).stream().findFirst().map(WebElement::getText).orElse(null));
    }

    /**
     * The text of the element once it reads {@code expected}, or what it reads after 15 s: when the
     * page a form answers with has the same element as the page it was sent from, only the text
     * tells the two apart.
     */
    public String textOf(By by, String expected) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(15))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> d.findElements(by).stream().findFirst().map(WebElement::getText)
                            .filter(expected::equals).orElse(null));
        } catch (org.openqa.selenium.TimeoutException e) {
            // the caller's assertion shows what it read instead
        }
        return textOf(by);
    }

    /** Waits until the address is {@code path} (after a refresh or a redirect). */
    public void waitForPath(String path) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> java.net.URI.create(d.getCurrentUrl()).getPath().equals(path));
    }

    public String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getPath();
    }

    /** The value of a cookie this browser holds for the server, null when none. */
    public String cookie(String name) {
        var cookie = driver.manage().getCookieNamed(name);
        return cookie == null ? null : cookie.getValue();
    }

    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder left behind is harmless
            }
        }
    }
}
