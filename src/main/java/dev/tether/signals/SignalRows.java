package dev.tether.signals;

import dev.tether.platform.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/** Plain SQL over the receiver's tables, on the caller's transaction. Values only as bind parameters. */
@ApplicationScoped
class SignalRows {

    private final DataSource dataSource;

    SignalRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    <T> List<T> query(String sql, Jdbc.RowMapper<T> mapper, Object... params) throws SQLException {
        return Jdbc.query(dataSource, sql, mapper, params);
    }

    int update(String sql, Object... params) throws SQLException {
        return Jdbc.update(dataSource, sql, params);
    }
}
