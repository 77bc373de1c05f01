package dev.tether.bench;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Unique, realistic SCIM users of about 1 KB: the attributes Entra ID and Okta push (name, two
 * emails, a phone number, an address) and the enterprise extension with a manager.
 */
final class UserFactory {

    static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static final String[] GIVEN = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken",
        "Margaret", "Dennis", "Radia", "Tim", "Hedy", "Linus", "Katherine", "John", "Sophie", "Niklaus", "Mary",
        "Leslie", "Shafi", "Tony", "Anita", "Bjarne", "Lynn", "Guido", "Ruth", "James", "Adele", "Whitfield"};
    private static final String[] FAMILY = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen",
        "Thompson", "Hamilton", "Ritchie", "Perlman", "Berners-Lee", "Lamarr", "Torvalds", "Johnson", "McCarthy",
        "Wilson", "Wirth", "Keller", "Lamport", "Goldwasser", "Hoare", "Borg", "Stroustrup", "Conway", "van Rossum",
        "Teitelman", "Gosling", "Goldberg", "Diffie"};
    private static final String[] TITLES = {"Senior Software Engineer", "Product Manager", "Site Reliability Engineer",
        "Account Executive", "Security Analyst", "Data Scientist", "Engineering Manager", "Financial Controller"};
    private static final String[] DEPARTMENTS = {"Engineering", "Product", "Operations", "Sales", "Security", "Finance",
        "People", "Legal"};
    private static final String[] CITIES = {"Seattle|WA|98101", "Austin|TX|73301", "Boston|MA|02108",
        "Denver|CO|80202", "Chicago|IL|60601", "Portland|OR|97201"};

    private final String runId;

    UserFactory(String runId) {
        this.runId = runId;
    }

    /** The userName of the n-th user of this run and prefix. */
    String userName(String prefix, long n) {
        return given(n).toLowerCase() + "." + family(n).toLowerCase().replace(" ", "") + "." + prefix + "-" + n + "."
                + runId + "@bench.example.com";
    }

    /** A user document; {@code managerId} may be null (no manager). */
    String user(String prefix, long n, String managerId) {
        String given = given(n);
        String family = family(n);
        String userName = userName(prefix, n);
        String[] city = CITIES[(int) (n % CITIES.length)].split("\\|");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder b = new StringBuilder(1200);
        b.append("{\"schemas\":[\"").append(CORE).append("\",\"").append(ENTERPRISE).append("\"],");
        b.append("\"externalId\":\"").append(UUID.randomUUID()).append("\",");
        b.append("\"userName\":\"").append(userName).append("\",");
        b.append("\"name\":{\"formatted\":\"").append(given).append(' ').append(family)
                .append("\",\"familyName\":\"").append(family).append("\",\"givenName\":\"").append(given)
                .append("\",\"middleName\":\"").append((char) ('A' + n % 26)).append(".\"},");
        b.append("\"displayName\":\"").append(given).append(' ').append(family).append("\",");
        b.append("\"title\":\"").append(TITLES[(int) (n % TITLES.length)]).append("\",");
        b.append("\"userType\":\"Employee\",\"preferredLanguage\":\"en-US\",\"locale\":\"en-US\",");
        b.append("\"timezone\":\"America/Los_Angeles\",\"active\":true,");
        b.append("\"emails\":[{\"value\":\"").append(userName).append("\",\"type\":\"work\",\"primary\":true},")
                .append("{\"value\":\"").append(given.toLowerCase()).append('.').append(n).append('.').append(runId)
                .append("@home.example.org\",\"type\":\"home\"}],");
        b.append("\"phoneNumbers\":[{\"value\":\"+1 555 ").append(String.format("%03d %04d", r.nextInt(1000),
                r.nextInt(10000))).append("\",\"type\":\"work\"}],");
        b.append("\"addresses\":[{\"type\":\"work\",\"streetAddress\":\"").append(100 + n % 900)
                .append(" Market Street, Floor ").append(1 + n % 40).append("\",\"locality\":\"").append(city[0])
                .append("\",\"region\":\"").append(city[1]).append("\",\"postalCode\":\"").append(city[2])
                .append("\",\"country\":\"US\",\"primary\":true}],");
        b.append('"').append(ENTERPRISE).append("\":{\"employeeNumber\":\"E").append(String.format("%08d", n))
                .append("\",\"costCenter\":\"CC-").append(1000 + n % 250).append("\",\"organization\":\"Example Corp\",")
                .append("\"division\":\"").append(DEPARTMENTS[(int) ((n / 8) % DEPARTMENTS.length)])
                .append("\",\"department\":\"").append(DEPARTMENTS[(int) (n % DEPARTMENTS.length)]).append('"');
        if (managerId != null) {
            b.append(",\"manager\":{\"value\":\"").append(managerId).append("\"}");
        }
        b.append("}}");
        return b.toString();
    }

    private static String given(long n) {
        return GIVEN[(int) (n % GIVEN.length)];
    }

    private static String family(long n) {
        return FAMILY[(int) ((n / GIVEN.length) % FAMILY.length)];
    }
}
