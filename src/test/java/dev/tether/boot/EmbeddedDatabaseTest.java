package dev.tether.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick start keeps its data in a folder: a restart must find what the last run wrote. */
class EmbeddedDatabaseTest {

    @TempDir
    Path folder;

    @Test
    void dataSurvivesRestart() throws Exception {
        Path pgdata = folder.resolve("pgdata");
        Path log = folder.resolve("postgres.log");
        Path password = folder.resolve("postgres-password");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(pgdata, log, password);
             Connection c = DriverManager.getConnection(first.jdbcUrl(), EmbeddedDatabase.USER, first.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (value text)");
            s.execute("INSERT INTO kept VALUES ('still here')");
        }
        try (EmbeddedDatabase second = EmbeddedDatabase.start(pgdata, log, password);
             Connection c = DriverManager.getConnection(second.jdbcUrl(), EmbeddedDatabase.USER, second.password());
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT value FROM kept")) {
            rows.next();
            assertEquals("still here", rows.getString(1));
        }
        // the server's own output goes to the log file, not the console
        assertEquals(true, Files.size(log) > 0);
    }

    @Test
    void requiresThePassword() throws Exception {
        Path pgdata = folder.resolve("pgdata");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(pgdata, folder.resolve("postgres.log"),
                folder.resolve("postgres-password"))) {
            assertFalse(Files.readAllLines(pgdata.resolve("pg_hba.conf")).stream()
                    .anyMatch(line -> !line.startsWith("#") && line.strip().endsWith("trust")));
            SQLException refused = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, "wrong").close());
            assertTrue(refused.getMessage().contains("password"), refused.getMessage());
            assertThrows(SQLException.class, () -> DriverManager.getConnection(database.jdbcUrl() + "?user=postgres").close());
            assertTrue(database.password().length() >= 32);
        }
    }
}
