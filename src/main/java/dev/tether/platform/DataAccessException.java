package dev.tether.platform;

import java.sql.SQLException;

/** An unexpected database failure, unchecked so it rolls the transaction back. */
public class DataAccessException extends RuntimeException {
    public DataAccessException(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
