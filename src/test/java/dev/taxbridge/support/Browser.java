package dev.taxbridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from the system's packages (Debian's {@code chromium} and {@code chromium-driver}),
 * driven through Selenium with both paths given, so nothing is looked for or downloaded. Without them
 * the browser tests fail and say how to install them.
 */
public final class Browser implements AutoCloseable {

    /** The screenshots' size: the same pictures on every machine. */
    public static final Dimension WINDOW = new Dimension(1280, 1000);

    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final String DRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final Path downloads;
    private final Path screenshots;

    private Browser(ChromeDriver driver, Path downloads, Path screenshots) {
        this.driver = driver;
        this.downloads = downloads;
        this.screenshots = screenshots;
    }

    /**
     * Screenshots go to {@code target/console-screenshots}, or where {@code -Dbridge.console.screenshots}
     * says ({@code docs/console} refreshes the documentation's pictures).
     */
    public static Browser start() {
        String chromium = System.getProperty("bridge.test.chromium",
                CHROMIUM.stream().filter(path -> Files.isExecutable(Path.of(path))).findFirst().orElse(null));
        String driverPath = System.getProperty("bridge.test.chromedriver", DRIVER);
        if (chromium == null || !Files.isExecutable(Path.of(chromium)) || !Files.isExecutable(Path.of(driverPath))) {
            throw new IllegalStateException("The operator console's browser tests need headless Chromium and its "
                    + "driver from the system's packages (looked for " + CHROMIUM + " and " + driverPath + "). "
                    + "Install them with: apt-get install -y chromium chromium-driver  (.ci/run does it by itself), "
                    + "or name them with -Dbridge.test.chromium=... -Dbridge.test.chromedriver=...");
        }
        try {
            Path downloads = Files.createTempDirectory("console-downloads");
            Path screenshots = Path.of(System.getProperty("bridge.console.screenshots", "target/console-screenshots"));
            Files.createDirectories(screenshots);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of(driverPath).toFile()).usingAnyFreePort().build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--force-device-scale-factor=1", "--lang=en-US", "--hide-scrollbars",
                    "--window-size=" + WINDOW.getWidth() + "," + WINDOW.getHeight(),
                    "--no-first-run", "--disable-extensions", "--disable-background-networking");
            options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                    "download.prompt_for_download", false));
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().window().setSize(WINDOW);
            return new Browser(driver, downloads, screenshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    public Path downloads() {
        return downloads;
    }

    public WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(50));
    }

    /** Saves what the window shows as {@code <name>.png}. */
    public Path screenshot(String name) {
        Path file = screenshots.resolve(name + ".png");
        try {
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
