package dev.tether.conformance;

import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import dev.tether.scimconformance.support.ConformanceReport;
import dev.tether.testing.ScimDirectory;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.PrintWriter;
import java.net.URL;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * Runs the black-box suite in scim-conformance-tests/ against this server, started on a free
 * port over the embedded test database, exactly as a stranger would run it against any base
 * URL and token. Fails on any MUST clause or IdP scenario; SHOULD failures are only reported.
 * Report: scim-conformance-tests/target/conformance-report.md; JUnit XML: target/conformance-reports/.
 */
@QuarkusTest
class ConformanceSuiteTest {

    static final String SUITE_PACKAGE = "dev.tether.scimconformance";
    static final Path REPORT = Path.of("scim-conformance-tests", "target", "conformance-report.md");

    @TestHTTPResource("/")
    URL server;

    @Test
    void tetherPassesEveryMustClauseAndIdpScenario() {
        ScimDirectory directory = ScimDirectory.create("conformance");
        String baseUrl = server.toString().replaceAll("/$", "") + "/scim/v2/" + directory.id();
        System.setProperty("scim.baseUrl", baseUrl);
        System.setProperty("scim.token", directory.token());
        try {
            ConformanceReport report = new ConformanceReport(REPORT, false);
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectPackage(SUITE_PACKAGE))
                    .filters(includeClassNamePatterns(".*Conformance"))
                    .build();
            Launcher launcher = LauncherFactory.create();
            launcher.execute(request, report, summary,
                    new LegacyXmlReportGeneratingListener(Path.of("target", "conformance-reports"), new PrintWriter(System.out)));
            summary.getSummary().printTo(new PrintWriter(System.out));
            System.out.println("SCIM conformance report: " + REPORT.toAbsolutePath());

            Assertions.assertTrue(report.results().size() >= 100,
                    "the conformance suite was not discovered: only " + report.results().size() + " tests ran");
            String fatal = report.fatalFailures().stream()
                    .map(r -> "- " + r.name() + "\n    " + r.reason().replace("\n", "\n    "))
                    .collect(Collectors.joining("\n"));
            Assertions.assertTrue(fatal.isEmpty(), "MUST / IdP conformance failures (see " + REPORT + "):\n" + fatal);
        } finally {
            System.clearProperty("scim.baseUrl");
            System.clearProperty("scim.token");
        }
    }
}
