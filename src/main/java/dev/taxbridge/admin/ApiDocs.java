package dev.taxbridge.admin;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.ResponseStatusException;

/**
 * The OpenAPI document of the HTTP API (springdoc, at {@code /v3/api-docs}; docs/openapi.json is its
 * committed copy). It is served to the operator only: the admin bearer token, as every admin endpoint.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocs {

    static final String PATH = "/v3/api-docs";

    /** A fixed server ("/", the host that served the document) keeps the document the same on every host and port. */
    @Bean
    OpenAPI bridgeOpenApi() {
        return new OpenAPI()
                .info(new Info().title("AvaTax tax bridge HTTP API").version("0.1.0").description(
                        "Admin API (dead letters and replay, connections, overview, usage cache, reconciliation: "
                                + "Authorization: Bearer <tax.admin.token>) and estimates over HTTP "
                                + "(tax.estimates.http.token). docs/contract.md and docs/operations.md say what each does."))
                .servers(List.of(new Server().url("/")));
    }

    @Bean
    OncePerRequestFilter apiDocsTokenFilter(AdminTokenGuard guard) {
        return new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !request.getRequestURI().startsWith(PATH);
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                try {
                    guard.check(request.getHeader(HttpHeaders.AUTHORIZATION));
                } catch (ResponseStatusException refused) {
                    response.sendError(refused.getStatusCode().value(), refused.getReason());
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }
}
