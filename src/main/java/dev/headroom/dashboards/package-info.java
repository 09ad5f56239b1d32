/**
 * Grafana dashboards as code: {@link dev.headroom.dashboards.DashboardGenerator} writes a shop's
 * dashboards (SLOs, journeys step by step, crawl health, the live load test) from its monitor's
 * checks ({@link dev.headroom.dashboards.DashboardInputs}) and SLO specs, as Jackson trees in
 * Grafana's JSON model; {@link dev.headroom.dashboards.DashboardLint} checks any dashboard for what
 * Grafana's JSON schema cannot see (panel ids, grid, variables, data source, titles, units). It is
 * what {@code ./headroom dashboards generate} runs.
 */
package dev.headroom.dashboards;
