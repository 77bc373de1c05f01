package dev.tether.scimconformance.support;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Remembers the last HTTP exchange of the running test (per thread), so the report can show
 * the request and response that made a test fail.
 */
public final class ExchangeRecorder implements Filter {

    public static final ExchangeRecorder INSTANCE = new ExchangeRecorder();
    private static final int MAX_BODY = 4000;
    private static final ThreadLocal<String> LAST = new ThreadLocal<>();

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext ctx) {
        StringBuilder text = new StringBuilder();
        text.append(request.getMethod()).append(' ').append(request.getURI()).append('\n');
        request.getHeaders().forEach(h -> text.append(h.getName()).append(": ")
                .append(h.getName().equalsIgnoreCase("Authorization") ? "Bearer ***" : h.getValue()).append('\n'));
        Object body = request.getBody();
        if (body != null) {
            text.append('\n').append(clip(body.toString())).append('\n');
        }
        Response response;
        try {
            response = ctx.next(request, responseSpec);
        } catch (RuntimeException e) {
            LAST.set(text + "\n--> no response: " + e);
            throw e;
        }
        text.append("\n--> ").append(response.getStatusLine()).append('\n');
        response.getHeaders().forEach(h -> text.append(h.getName()).append(": ").append(h.getValue()).append('\n'));
        String responseBody = response.asString();
        if (responseBody != null && !responseBody.isEmpty()) {
            text.append('\n').append(clip(responseBody)).append('\n');
        }
        LAST.set(text.toString());
        return response;
    }

    private static String clip(String s) {
        return s.length() <= MAX_BODY ? s : s.substring(0, MAX_BODY) + "\n... (" + (s.length() - MAX_BODY) + " more characters)";
    }

    public static void clear() {
        LAST.remove();
    }

    public static String last() {
        return LAST.get();
    }
}
