package dev.tether.bench.others.scimple;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Apache SCIMple behind Spring Boot, for the benchmark's comparison: SCIMple's starter serves
 * the SCIM endpoints; {@link MemoryRepository} holds the users and groups. SCIMple has no
 * authentication of its own, so a servlet filter asks for the bearer token given as
 * {@code --bench.token=…}.
 */
@SpringBootApplication
public class ScimpleServer {

    public static void main(String[] args) {
        SpringApplication.run(ScimpleServer.class, args);
    }

    @Bean
    FilterRegistrationBean<Filter> bearerToken(@Value("${bench.token}") String token) {
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        Filter f = (req, res, chain) -> {
            String given = ((HttpServletRequest) req).getHeader("Authorization");
            if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
                HttpServletResponse r = (HttpServletResponse) res;
                r.setStatus(401);
                r.setContentType("application/scim+json");
                r.getWriter().write("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],"
                        + "\"status\":\"401\",\"detail\":\"bearer token required\"}");
                return;
            }
            chain.doFilter(req, res);
        };
        FilterRegistrationBean<Filter> b = new FilterRegistrationBean<>(f);
        b.addUrlPatterns("/scim/v2/Users", "/scim/v2/Users/*", "/scim/v2/Groups", "/scim/v2/Groups/*");
        return b;
    }
}
