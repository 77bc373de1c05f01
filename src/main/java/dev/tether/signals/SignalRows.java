package dev.tether.signals;

import dev.tether.platform.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(c, ps, params);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        }
    }

    int update(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(c, ps, params);
            return ps.executeUpdate();
        }
    }
}
