package dev.taxbridge.support;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
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

    /** Saves what the window shows as {@code <name>.png}, in 256 colours (a page has few; a third of the bytes). */
    public Path screenshot(String name) {
        Path file = screenshots.resolve(name + ".png");
        try {
            BufferedImage shot = ImageIO.read(new ByteArrayInputStream(driver.getScreenshotAs(OutputType.BYTES)));
            ImageIO.write(indexed(shot), "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The image in its 256 most frequent colours, every other pixel in the nearest of them. */
    static BufferedImage indexed(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
        Map<Integer, Integer> frequency = new HashMap<>();
        for (int pixel : pixels) {
            frequency.merge(pixel & 0xFFFFFF, 1, Integer::sum);
        }
        int[] palette = frequency.entrySet().stream().sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed())
                .limit(256).mapToInt(Map.Entry::getKey).toArray();
        byte[] r = new byte[palette.length];
        byte[] g = new byte[palette.length];
        byte[] b = new byte[palette.length];
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < palette.length; i++) {
            r[i] = (byte) (palette[i] >> 16);
            g[i] = (byte) (palette[i] >> 8);
            b[i] = (byte) palette[i];
            index.put(palette[i], i);
        }
        BufferedImage result = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, palette.length, r, g, b));
        byte[] target = ((DataBufferByte) result.getRaster().getDataBuffer()).getData();
        for (int p = 0; p < pixels.length; p++) {
            target[p] = (byte) (int) index.computeIfAbsent(pixels[p] & 0xFFFFFF, rgb -> nearest(palette, rgb));
        }
        return result;
    }

    private static int nearest(int[] palette, int rgb) {
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < palette.length; i++) {
            long dr = ((palette[i] >> 16) & 0xFF) - ((rgb >> 16) & 0xFF);
            long dg = ((palette[i] >> 8) & 0xFF) - ((rgb >> 8) & 0xFF);
            long db = (palette[i] & 0xFF) - (rgb & 0xFF);
            long distance = dr * dr + dg * dg + db * db;
            if (distance < bestDistance) {
                best = i;
                bestDistance = distance;
            }
        }
        return best;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
