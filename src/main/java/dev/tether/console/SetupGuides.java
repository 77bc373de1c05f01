package dev.tether.console;

import dev.tether.directory.IdentityProvider;
import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * The step-by-step instructions a setup link shows for each identity provider, with the field
 * names as each vendor's admin console labels them. Vendors rename things; where a label is
 * known to vary between editions or UI generations the step says so.
 */
public final class SetupGuides {

    private SetupGuides() {
    }

    /** What the IT admin pastes into a field: the SCIM base URL or the token issued on the page. */
    public enum Paste {
        BASE_URL, TOKEN
    }

    /**
     * One thing to do: {@code before}, then the field or button as the vendor labels it, then
     * {@code after}; {@code paste} when the field takes a value the page shows with a copy button.
     */
    @TemplateData
    public record Action(String before, String field, String after, Paste paste) {

        public boolean pastesBaseUrl() {
            return paste == Paste.BASE_URL;
        }

        public boolean pastesToken() {
            return paste == Paste.TOKEN;
        }
    }

    @TemplateData
    public record Step(String title, List<Action> actions, String note) {
    }

    @TemplateData
    public record Guide(IdentityProvider provider, List<Step> steps) {

        public String id() {
            return provider.id;
        }

        public String name() {
            return provider.displayName;
        }
    }

    /** The attribute mappings Tether expects, whatever the IdP: SCIM attribute and what should feed it. */
    @TemplateData
    public record Mapping(String scimAttribute, String meaning) {
    }

    public static final List<Mapping> MAPPINGS = List.of(
            new Mapping("userName", "the sign-in name, unique in the directory (usually the work email or UPN)"),
            new Mapping("active", "whether the person may work; false is how a leaver is announced"),
            new Mapping("emails[type eq \"work\"].value", "the work email address, marked primary"),
            new Mapping("name.givenName / name.familyName", "first and last name"),
            new Mapping("externalId", "the IdP's own immutable id of the person (object id), so renames keep the link"),
            new Mapping("groups (by group push)", "group memberships: push the groups whose members Tether's delegations rest on"));

    private static Action does(String before, String field, String after) {
        return new Action(before, field, after, null);
    }

    private static Action paste(String before, String field, Paste paste) {
        return new Action(before, field, "", paste);
    }

    private static Step step(String title, String note, Action... actions) {
        return new Step(title, List.of(actions), note);
    }

    static final Guide ENTRA = new Guide(IdentityProvider.ENTRA, List.of(
            step("Create the enterprise application",
                    "In older tenants the same screens are under Azure Active Directory in the Azure portal.",
                    does("In the Microsoft Entra admin center open", "Enterprise applications", "(Identity → Applications)."),
                    does("Choose", "New application", ", then"),
                    does("", "Create your own application", ": give it a name, pick \"Integrate any other application you"
                            + " don't find in the gallery (Non-gallery)\" and select Create.")),
            step("Connect provisioning", "Newer tenants show \"Connect your application\" instead of \"Get started\".",
                    does("In the application open", "Provisioning", "(under Manage) and select Get started."),
                    does("Set", "Provisioning Mode", "to Automatic."),
                    paste("Under Admin Credentials, paste into", "Tenant URL", Paste.BASE_URL),
                    paste("Paste into", "Secret Token", Paste.TOKEN),
                    does("Select", "Test Connection", "; this page shows when Tether sees it. Then Save.")),
            step("Check the attribute mappings",
                    "Entra's default maps externalId to mailNickname; objectId survives renames, so prefer it.",
                    does("Under", "Mappings", "open \"Provision Microsoft Entra ID Users\"."),
                    does("Keep", "Target Object Actions", "Create, Update and Delete switched on."),
                    does("Check the mappings below match the table of attributes on this page, then open",
                            "Provision Microsoft Entra ID Groups", "and make sure it is Enabled.")),
            step("Choose who is provisioned and switch it on",
                    "Entra provisions every 20–40 minutes; \"Provision on demand\" pushes one user now.",
                    does("Under Settings set", "Scope", "to \"Sync only assigned users and groups\"."),
                    does("Assign people and groups under", "Users and groups", "of the application."),
                    does("Set", "Provisioning Status", "to On and Save."))));

    static final Guide OKTA = new Guide(IdentityProvider.OKTA, List.of(
            step("Create the app integration",
                    "An app from the catalog (for example \"SCIM 2.0 Test App (Header Auth)\") also works; skip to step 2.",
                    does("In the Okta Admin Console open Applications → Applications and choose", "Create App Integration",
                            "(SAML 2.0 or SWA), name it and finish."),
                    does("On its General tab, under App Settings, select Edit and set", "Provisioning", "to SCIM, then Save.")),
            step("Enable the API integration",
                    "Okta's own wording may read \"Configure SCIM connection\" in newer orgs.",
                    does("On the Provisioning tab, under Integration, select Edit and tick", "Enable API integration", "."),
                    paste("Paste into", "SCIM connector base URL", Paste.BASE_URL),
                    does("Set", "Unique identifier field for users", "to userName."),
                    does("Under", "Supported provisioning actions", "tick Push New Users, Push Profile Updates and Push Groups."),
                    does("Set", "Authentication Mode: HTTP Header", "."),
                    paste("Paste into the", "Authorization", Paste.TOKEN),
                    does("Select", "Test Connector Configuration", "; this page shows when Tether sees it. Then Save.")),
            step("Choose what Okta does in Tether",
                    null,
                    does("On Provisioning →", "To App", ", select Edit and enable Create Users, Update User Attributes"
                            + " and Deactivate Users, then Save."),
                    does("Below, in the", "attribute mappings", "check that userName, givenName, familyName, email and"
                            + " externalId are mapped as in the table on this page.")),
            step("Assign people and push groups", null,
                    does("On the", "Assignments", "tab assign the people or groups to provision."),
                    does("On the", "Push Groups", "tab choose + Push Groups, find the groups and Save."))));

    static final Guide GOOGLE = new Guide(IdentityProvider.GOOGLE, List.of(
            step("Open the app's auto-provisioning",
                    "Google provisions over SCIM only to apps it supports; for a custom app the Auto-provisioning"
                            + " section may be missing. Then connect Google through Entra ID or Okta reading it, and follow"
                            + " their steps (switch above).",
                    does("In the Google Admin console open Apps → Web and mobile apps and select the app, or",
                            "Add app", "→ Add custom SAML app."),
                    does("Open the", "Auto-provisioning", "section and select Set up auto-provisioning.")),
            step("Connect to Tether", "Google may label the fields \"Endpoint URL\" and \"Access token\" or \"API key\".",
                    paste("Paste into", "Endpoint URL", Paste.BASE_URL),
                    paste("Paste into", "Access token", Paste.TOKEN),
                    does("Continue to", "Attribute mapping", "and map the attributes as in the table on this page.")),
            step("Choose who is provisioned and what a leaver does", null,
                    does("Under", "Provisioning scope", "choose the groups whose members are provisioned."),
                    does("Under", "Deprovisioning", "choose to suspend (deactivate) the account when the app is turned"
                            + " off for a user or the user is suspended or deleted."),
                    does("Finish, then switch", "Auto-provisioning", "on."))));

    static final Guide ONELOGIN = new Guide(IdentityProvider.ONELOGIN, List.of(
            step("Add the SCIM connector", "In some accounts the menu reads Administration → Applications.",
                    does("In the OneLogin admin portal open Applications → Applications and choose", "Add App", "."),
                    does("Search for and add", "SCIM Provisioner with SAML (SCIM v2 Enterprise)", ", then Save.")),
            step("Connect to Tether", null,
                    paste("On the Configuration tab, paste into", "SCIM Base URL", Paste.BASE_URL),
                    paste("Paste into", "SCIM Bearer Token", Paste.TOKEN),
                    does("Keep the", "SCIM JSON Template", "with userName, name (givenName, familyName), emails and"
                            + " externalId as in the table on this page."),
                    does("Under API Connection select", "Enable", "; this page shows when Tether sees it. Then Save.")),
            step("Switch provisioning on", null,
                    does("On the Provisioning tab tick", "Enable provisioning", "."),
                    does("Untick", "Require admin approval before this action is performed", "for Create user, Delete"
                            + " user and Update user, or OneLogin waits for you on each change."),
                    does("When users are deleted or suspended in OneLogin, choose", "Suspend", "so a leaver is deactivated in Tether."),
                    does("On the Parameters tab open Groups and tick", "Include in User Provisioning", ", then Save.")),
            step("Assign people", null,
                    does("Give people access to the app on its", "Users", "tab, or through roles."))));

    static final Guide JUMPCLOUD = new Guide(IdentityProvider.JUMPCLOUD, List.of(
            step("Add the application", "Newer admin portals list it under Access → SSO Applications.",
                    does("In the JumpCloud Admin Portal open SSO Applications and choose", "+ Add New Application", "."),
                    does("Pick", "Custom Application", ", tick \"Export users to this app (Identity Management)\" and save.")),
            step("Connect to Tether", null,
                    does("On the application's", "Identity Management", "tab choose SCIM 2.0 as the API type."),
                    paste("Paste into", "Base URL", Paste.BASE_URL),
                    paste("Paste into", "Token Key", Paste.TOKEN),
                    does("Select", "Test Connection", "; this page shows when Tether sees it."),
                    does("Switch", "Group Management", "on to push groups, then Activate and Save.")),
            step("Choose who is provisioned", "JumpCloud sends userName as the person's email; Tether accepts it.",
                    does("On the", "User Groups", "tab bind the groups whose members are provisioned, then Save."))));

    public static final List<Guide> ALL = List.of(ENTRA, OKTA, GOOGLE, ONELOGIN, JUMPCLOUD);

    public static Guide of(IdentityProvider provider) {
        return ALL.stream().filter(g -> g.provider() == provider).findFirst().orElseThrow();
    }

    /** What to switch on in every IdP, in words the page shows beside each guide. */
    public static final List<String> PROVISIONING_OPTIONS = List.of(
            "Create users", "Update user attributes", "Deactivate users (leavers)", "Push groups");
}
