package dev.tether.signals;

/** A managed stream's endpoints at the transmitter and the bearer token Tether presents to them (null when none). */
record StreamEndpoints(String configuration, String verification, String status, String token) {
}
