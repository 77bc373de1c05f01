package dev.tether.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
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
        try (EmbeddedDatabase first = EmbeddedDatabase.start(pgdata, log);
             Connection c = DriverManager.getConnection(first.jdbcUrl());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (value text)");
            s.execute("INSERT INTO kept VALUES ('still here')");
        }
        try (EmbeddedDatabase second = EmbeddedDatabase.start(pgdata, log);
             Connection c = DriverManager.getConnection(second.jdbcUrl());
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT value FROM kept")) {
            rows.next();
            assertEquals("still here", rows.getString(1));
        }
        // the server's own output goes to the log file, not the console
        assertEquals(true, Files.size(log) > 0);
    }
}
