package dev.tether.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One kept-alive HTTP/1.1 connection over a plain socket, used by one thread at a time: writes
 * a request, reads the status, headers and body (Content-Length, chunked, or until close).
 * Just enough HTTP for a load generator whose own CPU must stay small next to the server's.
 */
final class Connection {

    private static final int TIMEOUT_MS = 120_000;

    private final String host;
    private final int port;
    private final String fixedHeaders;
    private final String contentType;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean reused;

    Connection(URI uri, String authorization, String contentType) throws IOException {
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 80 : uri.getPort();
        StringBuilder h = new StringBuilder();
        h.append("Host: ").append(host).append(':').append(port).append("\r\n");
        h.append("Accept: ").append(contentType).append("\r\n");
        if (authorization != null) {
            h.append("Authorization: ").append(authorization).append("\r\n");
        }
        this.fixedHeaders = h.toString();
        this.contentType = contentType;
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TIMEOUT_MS);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = socket.getOutputStream();
    }

    boolean isFor(URI uri) {
        return host.equals(uri.getHost()) && port == (uri.getPort() < 0 ? 80 : uri.getPort()) && !socket.isClosed();
    }

    Http.Response exchange(String method, URI uri, String body) throws IOException {
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        byte[] payload = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256 + fixedHeaders.length());
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n").append(fixedHeaders);
        if (payload != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
            head.append("Content-Length: ").append(payload.length).append("\r\n");
        } else if (!method.equals("GET") && !method.equals("DELETE")) {
            head.append("Content-Length: 0\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream request = new ByteArrayOutputStream(head.length() + (payload == null ? 0 : payload.length));
        request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (payload != null) {
            request.writeBytes(payload);
        }
        out.write(request.toByteArray());
        out.flush();
        Http.Response r = read(method, uri);
        reused = true;
        return r;
    }

    /** A server closing an idle kept-alive connection shows as EOF before the status line. */
    boolean wasReused() {
        return reused;
    }

    private Http.Response read(String method, URI uri) throws IOException {
        String status = line();
        if (status == null) {
            throw new EOFException("connection closed before a response");
        }
        // "HTTP/1.1 200 OK"
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> {
                }
            }
        }
        byte[] bytes;
        if (method.equals("HEAD") || code == 204 || code == 304 || (code >= 100 && code < 200)) {
            bytes = new byte[0];
        } else if (chunked) {
            bytes = chunkedBody();
        } else if (length >= 0) {
            bytes = in.readNBytes((int) length);
            if (bytes.length < length) {
                throw new EOFException("body ended after " + bytes.length + " of " + length + " bytes");
            }
        } else {
            bytes = in.readAllBytes();
            close = true;
        }
        if (close) {
            close();
        }
        return new Http.Response(method, uri, code, new String(bytes, StandardCharsets.UTF_8));
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            if (size == null) {
                throw new EOFException("chunked body ended early");
            }
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used
                }
                return body.toByteArray();
            }
            body.writeBytes(in.readNBytes(n));
            line(); // CRLF after the chunk
        }
    }

    /** One header line without its CRLF, or null at end of stream. */
    private String line() throws IOException {
        StringBuilder b = new StringBuilder(64);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int len = b.length();
                if (len > 0 && b.charAt(len - 1) == '\r') {
                    b.setLength(len - 1);
                }
                return b.toString();
            }
            b.append((char) c);
        }
        return b.length() == 0 ? null : b.toString();
    }

    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
