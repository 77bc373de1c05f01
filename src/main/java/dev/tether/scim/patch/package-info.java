/**
 * SCIM PATCH (RFC 7644 §3.5.2) over Jackson trees. Plain Java: imports nothing of Quarkus and,
 * of Tether, only {@code dev.tether.scim.schema} and {@code dev.tether.scim.filter} (value filters
 * in paths are read into the filter AST and evaluated by its in-memory evaluator).
 *
 * <p>The server runs a request through these steps, in this order:
 * <ol>
 *   <li>{@link dev.tether.scim.patch.PatchRequest#parse} reads the body into operations, each
 *       holding its parsed {@link dev.tether.scim.patch.PatchPath};</li>
 *   <li>{@link dev.tether.scim.patch.IdpDialect#normalise} rewrites IdP quirks into RFC form,
 *       applying the {@link dev.tether.scim.patch.DialectRule}s the directory has on;</li>
 *   <li>for groups, {@link dev.tether.scim.patch.MembershipPatch#split} takes the member changes
 *       out, to be applied to membership rows;</li>
 *   <li>{@link dev.tether.scim.patch.PatchEngine#apply} applies the rest to a copy of the stored
 *       document, which the server then validates against the schema and stores.</li>
 * </ol>
 * Every failure is a {@link dev.tether.scim.patch.PatchException} carrying the scimType.
 */
package dev.tether.scim.patch;
