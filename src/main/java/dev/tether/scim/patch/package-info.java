/**
 * SCIM PATCH (RFC 7644 §3.5.2) over Jackson trees. Plain Java: imports nothing of Quarkus and,
 * of Tether, only {@code dev.tether.scim.schema}.
 *
 * <p>The server runs a request through these steps, in this order:
 * <ol>
 *   <li>{@link dev.tether.scim.patch.PatchRequest#parse} reads the body into operations;</li>
 *   <li>{@link dev.tether.scim.patch.IdpDialect#normalise} rewrites IdP quirks into RFC form;</li>
 *   <li>for groups, {@link dev.tether.scim.patch.MembershipPatch#split} takes the member changes
 *       out, to be applied to membership rows;</li>
 *   <li>{@link dev.tether.scim.patch.PatchEngine#apply} applies the rest to a copy of the stored
 *       document, which the server then validates against the schema and stores.</li>
 * </ol>
 * Every failure is a {@link dev.tether.scim.patch.PatchException} carrying the scimType.
 */
package dev.tether.scim.patch;
