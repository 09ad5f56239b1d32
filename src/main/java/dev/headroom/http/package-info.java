/**
 * The HTTP-check core: every Headroom capability talks HTTP through {@link dev.headroom.http.HttpChecker}.
 *
 * <ul>
 *   <li>{@link dev.headroom.http.HttpChecker}: the entry class; one per run, shared, closed at the end.
 *   <li>{@link dev.headroom.http.CheckRequest} in, {@link dev.headroom.http.CheckResult} out; HTTP status
 *       and network failures ({@link dev.headroom.http.FailureKind}) are data, never exceptions.
 *   <li>{@link dev.headroom.http.CheckSession}: a browser-like cookie jar per simulated customer.
 *   <li>{@link dev.headroom.http.Timings} and {@link dev.headroom.http.RedirectHop}: what happened on the way.
 *   <li>{@link dev.headroom.http.Redactor}: keeps secrets out of results and reports, in every encoding
 *       a page or a URL gives them; excerpts are redacted before they are cut.
 *   <li>{@link dev.headroom.http.TargetAllowlist}: the hosts Headroom may load.
 *   <li>{@link dev.headroom.http.RedirectChain}: how a redirect is followed, one decision per hop; the
 *       checker and the load injector's virtual customers both follow it.
 * </ul>
 */
package dev.headroom.http;
