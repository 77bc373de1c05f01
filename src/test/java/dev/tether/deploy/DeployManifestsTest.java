package dev.tether.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tether.platform.WebhooksConfig;
import dev.tether.testing.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests in deploy/ against what the server really reads and serves: every
 * environment variable names a runtime setting that exists, probes hit endpoints the running
 * server answers, ports and selectors line up, and termination outlasts graceful shutdown.
 * Runs against the test server so that probe paths are checked for real.
 */
@QuarkusTest
class DeployManifestsTest {

    static final Path DEPLOY = Path.of("deploy");
    static final Path BASE = DEPLOY.resolve("base");
    static final String CONFIG_MAP = "tether-config";

    /** MicroProfile JWT spec keys (not in Quarkus' config model, read by smallrye-jwt). */
    static final Set<String> MICROPROFILE_JWT_KEYS = Set.of("mp.jwt.verify.publickey", "mp.jwt.verify.publickey.location",
            "mp.jwt.verify.publickey.algorithm", "mp.jwt.verify.issuer", "mp.jwt.verify.audiences",
            "mp.jwt.token.header", "mp.jwt.token.cookie", "mp.jwt.decrypt.key.location");

    static final ObjectMapper YAML = new YAMLMapper();
    static Map<Path, List<JsonNode>> manifests;

    @BeforeAll
    static void parseEveryManifest() throws IOException {
        manifests = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                List<JsonNode> documents = new ArrayList<>();
                try (Reader reader = Files.newBufferedReader(file)) {
                    YAML.readValues(new YAMLFactory().createParser(reader), JsonNode.class)
                            .forEachRemaining(documents::add);
                }
                assertFalse(documents.isEmpty(), file + " is empty");
                manifests.put(file, documents);
            }
        }
        assertTrue(manifests.size() >= 10, "expected the base and two overlays, found " + manifests.keySet());
    }

    @Test
    void everyKustomizationNamesFilesThatExist() {
        for (Path overlay : List.of(BASE, DEPLOY.resolve("overlays/local"), DEPLOY.resolve("overlays/production"))) {
            JsonNode kustomization = only(overlay.resolve("kustomization.yaml"));
            List<String> referenced = new ArrayList<>();
            kustomization.path("resources").forEach(r -> referenced.add(r.asText()));
            kustomization.path("patches").forEach(p -> referenced.add(p.path("path").asText()));
            for (String reference : referenced) {
                assertTrue(Files.exists(overlay.resolve(reference)), overlay + " refers to missing " + reference);
            }
        }
    }

    @Test
    void containerPortIsTheServersHttpPortAndServiceAndPolicyUseIt() throws IOException {
        JsonNode container = tetherContainer();
        int httpPort = Integer.parseInt(applicationProperties().getProperty("quarkus.http.port"));
        JsonNode port = container.path("ports").get(0);
        assertEquals("http", port.path("name").asText());
        assertEquals(httpPort, port.path("containerPort").asInt(), "containerPort must be quarkus.http.port");

        JsonNode service = resource(BASE, "Service", "tether");
        assertEquals("http", service.at("/spec/ports/0/targetPort").asText());
        JsonNode policy = resource(BASE, "NetworkPolicy", "tether");
        assertEquals(httpPort, policy.at("/spec/ingress/0/ports/0/port").asInt());
        assertTrue(policy.at("/spec/egress").toString().contains("5432"), "egress to PostgreSQL");

        Map<String, String> podLabels = strings(deployment().at("/spec/template/metadata/labels"));
        for (JsonNode selector : List.of(service.at("/spec/selector"), deployment().at("/spec/selector/matchLabels"),
                resource(BASE, "PodDisruptionBudget", "tether").at("/spec/selector/matchLabels"),
                policy.at("/spec/podSelector/matchLabels"))) {
            strings(selector).forEach((k, v) -> assertEquals(v, podLabels.get(k), "selector " + k + " must match the pods"));
        }
    }

    @Test
    void probesUseQuarkusHealthEndpointsThatAnswerOnTheManagementPort() {
        JsonNode container = tetherContainer();
        Map<String, String> expected = Map.of("startupProbe", "/q/health/started",
                "readinessProbe", "/q/health/ready", "livenessProbe", "/q/health/live");
        expected.forEach((probe, path) -> {
            assertEquals(path, container.at("/" + probe + "/httpGet/path").asText(), probe);
            assertEquals("management", container.at("/" + probe + "/httpGet/port").asText(), probe);
            given().get(Management.at(path)).then().statusCode(200);
            given().get(path).then().statusCode(404); // and not on the public port
        });
    }

    /** Health, metrics and OpenAPI are on the management port: the pod names it, Prometheus scrapes it, the Service hides it. */
    @Test
    void managementPortIsTheServersAndOnlyPrometheusIsPointedAtIt() throws IOException {
        int managementPort = Integer.parseInt(applicationProperties().getProperty("quarkus.management.port"));
        assertEquals("true", applicationProperties().getProperty("quarkus.management.enabled"));
        JsonNode management = null;
        for (JsonNode port : tetherContainer().path("ports")) {
            if (port.path("name").asText().equals("management")) {
                management = port;
            }
        }
        assertNotNull(management, "a container port named management");
        assertEquals(managementPort, management.path("containerPort").asInt());
        JsonNode annotations = deployment().at("/spec/template/metadata/annotations");
        assertEquals(Integer.toString(managementPort), annotations.path("prometheus.io/port").asText());
        assertEquals("/q/metrics", annotations.path("prometheus.io/path").asText());
        given().get(Management.at("/q/metrics")).then().statusCode(200);
        JsonNode service = resource(BASE, "Service", "tether");
        service.at("/spec/ports").forEach(p -> assertFalse(p.path("targetPort").asText().equals("management")
                || p.path("targetPort").asInt() == managementPort, "the Service does not expose the management port"));
        assertTrue(resource(BASE, "NetworkPolicy", "tether").at("/spec/ingress").toString().contains(Integer.toString(managementPort)),
                "the policy lets the scraper in");
    }

    @Test
    void podIsLockedDown() {
        JsonNode pod = deployment().at("/spec/template/spec");
        assertTrue(deployment().at("/spec/replicas").asInt() >= 2, "at least two replicas");
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText());
        assertFalse(pod.path("automountServiceAccountToken").asBoolean(true));
        JsonNode container = tetherContainer();
        JsonNode security = container.path("securityContext");
        assertTrue(security.path("readOnlyRootFilesystem").asBoolean());
        assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true));
        assertEquals("[\"ALL\"]", security.at("/capabilities/drop").toString());
        for (String quantity : List.of("/resources/requests/cpu", "/resources/requests/memory", "/resources/limits/memory")) {
            assertFalse(container.at(quantity).isMissingNode(), quantity);
        }
        assertTrue(mountPaths().containsKey("/tmp"), "a writable /tmp");
        JsonNode tmp = volume(mountPaths().get("/tmp"));
        assertTrue(tmp.has("emptyDir"), "/tmp is an emptyDir");
    }

    @Test
    void terminationOutlastsGracefulShutdown() {
        Map<String, String> config = configMap(BASE);
        Duration delay = duration(config.get("QUARKUS_SHUTDOWN_DELAY"));
        Duration timeout = duration(config.get("QUARKUS_SHUTDOWN_TIMEOUT"));
        // After the HTTP drain the delivery dispatcher lets attempts in flight finish, then hands back its claims.
        Duration deliveries = duration(config.getOrDefault("TETHER_WEBHOOKS_SHUTDOWN_GRACE",
                defaultOf(WebhooksConfig.class, "shutdownGrace")));
        long grace = deployment().at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
        assertTrue(grace > delay.plus(timeout).plus(deliveries).toSeconds(),
                "terminationGracePeriodSeconds " + grace + " must exceed shutdown delay + timeout + webhooks shutdown grace");
        Properties app = applicationProperties();
        assertEquals(app.getProperty("quarkus.shutdown.delay"), config.get("QUARKUS_SHUTDOWN_DELAY"),
                "the ConfigMap and application.properties agree on the delay");
        assertEquals(app.getProperty("quarkus.shutdown.timeout"), config.get("QUARKUS_SHUTDOWN_TIMEOUT"));
        assertEquals("true", app.getProperty("quarkus.shutdown.delay-enabled"), "the delay is a build-time switch");
    }

    @Test
    void everyEnvironmentVariableIsASettingTheServerReadsAtRunTime() throws IOException {
        Map<String, String> tetherKeys = tetherKeysByEnvName();
        Map<String, String> quarkusPhases = quarkusPhasesByEnvName();
        Set<String> names = new TreeSet<>();
        for (Path folder : List.of(BASE, DEPLOY.resolve("overlays/local"), DEPLOY.resolve("overlays/production"))) {
            names.addAll(configMap(folder).keySet());
        }
        tetherContainer().path("env").forEach(e -> names.add(e.path("name").asText()));
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            if (name.startsWith("TETHER_")) {
                if (!tetherKeys.containsKey(name)) {
                    unknown.add(name + " (no @ConfigMapping under tether. has this key)");
                }
            } else if (name.startsWith("MP_JWT_")) {
                if (MICROPROFILE_JWT_KEYS.stream().noneMatch(k -> envName(k).equals(name))) {
                    unknown.add(name + " (not a MicroProfile JWT key)");
                }
            } else if (!"RUN_TIME".equals(quarkusPhases.get(name))) {
                unknown.add(name + (quarkusPhases.containsKey(name)
                        ? " (fixed at build time: " + quarkusPhases.get(name) + ")" : " (no such Quarkus setting)"));
            }
        }
        assertTrue(unknown.isEmpty(), "settings the server would ignore: " + unknown);
    }

    @Test
    void tetherValuesInConfigMapsParseAsTheirTypes() {
        Map<String, Method> methods = tetherMethodsByEnvName();
        for (Path folder : List.of(BASE, DEPLOY.resolve("overlays/local"), DEPLOY.resolve("overlays/production"))) {
            configMap(folder).forEach((name, value) -> {
                Method method = methods.get(name);
                if (method == null) {
                    return;
                }
                Class<?> type = method.getReturnType();
                if (type == int.class) {
                    assertTrue(Integer.parseInt(value) >= 0, name);
                } else if (type == boolean.class) {
                    assertTrue(value.equals("true") || value.equals("false"), name);
                } else if (name.equals("TETHER_PUBLIC_BASE_URL")) {
                    assertTrue(value.matches("https?://[^\\s?#]+"), name + " must be an absolute URL");
                }
            });
        }
    }

    @Test
    void everyTetherKeyIsInTheConfigurationTable() throws IOException {
        String table = Files.readString(Path.of("docs/configuration.md"));
        List<String> missing = tetherKeysByEnvName().values().stream()
                .filter(key -> !table.contains("| `" + key + "` |")).sorted().toList();
        assertTrue(missing.isEmpty(), "the configuration table (docs/configuration.md) lacks " + missing);
    }

    @Test
    void secretsComeFromSecretsAndTheJwtKeyFromItsMount() {
        Map<String, String> secretEnv = new HashMap<>();
        tetherContainer().path("env").forEach(e -> {
            JsonNode ref = e.at("/valueFrom/secretKeyRef");
            if (!ref.isMissingNode()) {
                secretEnv.put(e.path("name").asText(), ref.path("name").asText());
            }
        });
        assertEquals(Set.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD"), secretEnv.keySet());
        for (String key : configMap(BASE).keySet()) {
            assertFalse(key.contains("PASSWORD") || key.contains("SECRET"), key + " belongs in a Secret");
        }
        // The production overlay patches env entries by position: they must be the credentials.
        JsonNode patch = only(DEPLOY.resolve("overlays/production/database-credentials.yaml"));
        for (JsonNode op : patch) {
            String path = op.path("path").asText();
            assertTrue(deployment().at(path).isTextual(), path);
            String index = path.replaceAll(".*/env/(\\d+)/.*", "$1");
            String name = tetherContainer().at("/env/" + index + "/name").asText();
            assertTrue(name.startsWith("QUARKUS_DATASOURCE_"), path + " patches " + name);
        }
        String keyLocation = configMap(BASE).get("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        String mount = mountPaths().entrySet().stream()
                .filter(m -> volume(m.getValue()).at("/secret/secretName").asText().equals("tether-admin-jwt"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        assertTrue(keyLocation.startsWith(mount + "/"), keyLocation + " must be inside the Secret mount " + mount);
    }

    /**
     * Tether's signing keys come from whole Secret volumes, so an updated Secret reaches the
     * files Tether re-reads: the kubelet never updates a subPath mount.
     */
    @Test
    void signingKeysComeFromWholeSecretMountsThatFollowUpdates() {
        Map<String, String> config = configMap(BASE);
        Map<String, String> mounts = mountPaths();
        Map<String, Boolean> required = Map.of("TETHER_EVENTS_SSF_KEY_FOLDER", true, "TETHER_AUDIT_SIGNING_KEY_DIR", true,
                "TETHER_WEBHOOKS_ENCRYPTION_KEY_FOLDER", true, "TETHER_EVENTS_SSF_ADDITIONAL_PUBLIC_KEYS", false, "TETHER_AUDIT_PREVIOUS_PUBLIC_KEYS", false);
        required.forEach((name, pair) -> {
            String folder = config.get(name);
            assertNotNull(folder, name + " in the ConfigMap");
            assertTrue(mounts.containsKey(folder), name + " must be a volume's mount path, not a file inside it: " + folder);
            JsonNode secret = volume(mounts.get(folder)).path("secret");
            assertFalse(secret.isMissingNode(), name + " must be mounted from a Secret");
            // Without its pair the server would try to write one on a read-only file system.
            assertEquals(!pair, secret.path("optional").asBoolean(false), name + (pair ? " is required" : " may be absent"));
        });
        tetherContainer().path("volumeMounts").forEach(m -> {
            JsonNode volume = volume(m.path("name").asText());
            if (volume.has("secret") || volume.has("configMap")) {
                assertFalse(m.has("subPath"), m.path("mountPath").asText() + ": a subPath mount never receives updates");
                assertTrue(m.path("readOnly").asBoolean(), m.path("mountPath").asText() + " read-only");
            }
        });
    }

    @Test
    void localOverlayBringsItsDatabaseAndProductionDoesNot() {
        Path local = DEPLOY.resolve("overlays/local");
        JsonNode statefulSet = resource(local, "StatefulSet", "tether-postgres");
        JsonNode postgresService = resource(local, "Service", "tether-postgres");
        assertEquals(5432, postgresService.at("/spec/ports/0/port").asInt());
        assertTrue(configMap(local).get("QUARKUS_DATASOURCE_JDBC_URL").startsWith("jdbc:postgresql://tether-postgres:5432/"));
        assertNotNull(resource(local, "Secret", "tether-database"));
        assertTrue(statefulSet.toString().contains("tether-database"));
        Path production = DEPLOY.resolve("overlays/production");
        assertTrue(configMap(production).get("QUARKUS_DATASOURCE_JDBC_URL").startsWith("jdbc:postgresql://"));
        assertTrue(manifests.keySet().stream().filter(p -> p.startsWith(production))
                .flatMap(p -> manifests.get(p).stream()).noneMatch(d -> "Secret".equals(d.path("kind").asText())),
                "production credentials are never committed");
    }

    // --- what the application reads ---------------------------------------------------------

    /** tether.* keys of every @ConfigMapping in the application, by environment variable name. */
    static Map<String, String> tetherKeysByEnvName() {
        Map<String, String> keys = new TreeMap<>();
        for (Class<?> mapping : tetherConfigMappings()) {
            collectKeys(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, keys, new HashMap<>());
        }
        return keys;
    }

    static Map<String, Method> tetherMethodsByEnvName() {
        Map<String, Method> methods = new HashMap<>();
        for (Class<?> mapping : tetherConfigMappings()) {
            collectKeys(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, new HashMap<>(), methods);
        }
        return methods;
    }

    /** The keys of a mapping; a method returning a nested interface is a group of keys, not a key. */
    private static void collectKeys(String prefix, Class<?> type, Map<String, String> keys, Map<String, Method> methods) {
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() != 0 || method.isDefault()) {
                continue;
            }
            String key = prefix + "." + property(method);
            if (method.getReturnType().isInterface() && method.getReturnType().getEnclosingClass() == type) {
                collectKeys(key, method.getReturnType(), keys, methods);
            } else {
                keys.put(envName(key), key);
                methods.put(envName(key), method);
            }
        }
    }

    private static String property(Method method) {
        WithName name = method.getAnnotation(WithName.class);
        return name != null ? name.value() : method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** Every @ConfigMapping interface under dev.tether with a tether prefix, found in the compiled classes. */
    static List<Class<?>> tetherConfigMappings() {
        Path classes = Path.of("target/classes");
        try (Stream<Path> files = Files.walk(classes.resolve("dev/tether"))) {
            List<Class<?>> mappings = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, DeployManifestsTest.class.getClassLoader());
                ConfigMapping mapping = type.getAnnotation(ConfigMapping.class);
                if (mapping != null && (mapping.prefix().equals("tether") || mapping.prefix().startsWith("tether."))) {
                    mappings.add(type);
                }
            }
            assertTrue(mappings.size() >= 2, "found " + mappings);
            return mappings;
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Environment variable name → phase (RUN_TIME, BUILD_TIME, ...) of every Quarkus setting on the class path. */
    static Map<String, String> quarkusPhasesByEnvName() throws IOException {
        Map<String, String> phases = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        Enumeration<URL> models = Thread.currentThread().getContextClassLoader()
                .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json");
        while (models.hasMoreElements()) {
            try (InputStream in = models.nextElement().openStream()) {
                collectPhases(json.readTree(in), phases);
            }
        }
        assertTrue(phases.containsKey("QUARKUS_HTTP_PORT"), "Quarkus' config model is on the class path");
        return phases;
    }

    private static void collectPhases(JsonNode node, Map<String, String> phases) {
        if (node.isObject() && node.has("phase") && node.has("path")) {
            String phase = node.path("phase").asText();
            phases.put(node.at("/path/environmentVariable").asText(), phase);
            node.path("additionalPaths").forEach(p -> phases.put(p.path("environmentVariable").asText(), phase));
        }
        node.forEach(child -> collectPhases(child, phases));
    }

    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    static Properties applicationProperties() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties;
    }

    // --- manifest access --------------------------------------------------------------------

    static JsonNode deployment() {
        return resource(BASE, "Deployment", "tether");
    }

    static JsonNode tetherContainer() {
        for (JsonNode container : deployment().at("/spec/template/spec/containers")) {
            if (container.path("name").asText().equals("tether")) {
                return container;
            }
        }
        throw new AssertionError("no tether container");
    }

    static Map<String, String> mountPaths() {
        Map<String, String> mounts = new HashMap<>();
        tetherContainer().path("volumeMounts").forEach(m -> mounts.put(m.path("mountPath").asText(), m.path("name").asText()));
        return mounts;
    }

    static JsonNode volume(String name) {
        for (JsonNode volume : deployment().at("/spec/template/spec/volumes")) {
            if (volume.path("name").asText().equals(name)) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    /** The tether-config data in one kustomization folder (base: the whole map; overlays: their patch). */
    static Map<String, String> configMap(Path folder) {
        return strings(resource(folder, "ConfigMap", CONFIG_MAP).path("data"));
    }

    static JsonNode resource(Path folder, String kind, String name) {
        return manifests.entrySet().stream()
                .filter(e -> e.getKey().getParent().equals(folder))
                .flatMap(e -> e.getValue().stream())
                .filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.at("/metadata/name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + folder));
    }

    static JsonNode only(Path file) {
        List<JsonNode> documents = manifests.get(file);
        assertNotNull(documents, file + " was not parsed");
        assertEquals(1, documents.size(), file.toString());
        return documents.get(0);
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    static String defaultOf(Class<?> mapping, String method) {
        try {
            return mapping.getMethod(method).getAnnotation(WithDefault.class).value();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    static Duration duration(String value) {
        assertNotNull(value);
        return Duration.parse("PT" + value.toUpperCase(Locale.ROOT));
    }
}
