package dev.taxbridge.admin;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.taxbridge.estimate.UsageTaxCache;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/usage-cache}: the cache's statistics. {@code DELETE /admin/usage-cache}: forget every cached usage-tax rate after a change on AvaTax's
 * side (rates, exemptions), so the next estimate of each key asks AvaTax again. Mapping and address
 * changes need no clearing: they make new keys. Needs the admin bearer token.
 */
@RestController
public class UsageCacheAdminController {

    private static final Logger LOG = LoggerFactory.getLogger(UsageCacheAdminController.class);

    private final AdminTokenGuard guard;
    private final UsageTaxCache cache;

    public UsageCacheAdminController(AdminTokenGuard guard, UsageTaxCache cache) {
        this.guard = guard;
        this.cache = cache;
    }

    /** {@code GET /admin/usage-cache}: the cache's size and Caffeine's statistics since the bridge started. */
    @GetMapping("/admin/usage-cache")
    public Map<String, Object> stats(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        guard.check(authorization);
        CacheStats stats = cache.stats();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", cache.size());
        body.put("hits", stats.hitCount());
        body.put("misses", stats.missCount());
        body.put("hit_rate", stats.requestCount() == 0 ? null : stats.hitRate());
        body.put("loads", stats.loadCount());
        body.put("load_failures", stats.loadFailureCount());
        body.put("evictions", stats.evictionCount());
        return body;
    }

    @DeleteMapping("/admin/usage-cache")
    public Map<String, Long> clear(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        guard.check(authorization);
        long cleared = cache.clear();
        LOG.info("Usage-tax cache cleared by an operator ({} entries)", cleared);
        return Map.of("cleared", cleared);
    }
}
