package dev.tether.admin;

import dev.tether.admin.DirectoryAdminResource;
import dev.tether.admin.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes Jackson serialises that Quarkus cannot find on its own in a native image: problem
 * details are put into a {@code Response} entity by exception mappers, and the admin views
 * travel inside generic lists and maps. Registering them here keeps the JVM and native builds
 * alike; src/test/native/smoke.sh reads most of them from the native executable.
 */
@RegisterForReflection(targets = {
        Problem.class,
        Problem.Fault.class,
        DirectoryAdminResource.CreateDirectory.class,
        SchemaExtensionsAdminResource.NewExtension.class,
        SchemaExtensionsAdminResource.ExtensionView.class,
        SchemaExtensionsAdminResource.UnknownAttributesPolicy.class,
        DirectoryAdminResource.DirectoryView.class,
        DirectoryAdminResource.IssueToken.class,
        DirectoryAdminResource.IssuedTokenView.class,
        DirectoryAdminResource.TokenView.class,
        SetupLinkAdminResource.CreateSetupLink.class,
        SetupLinkAdminResource.IssuedSetupLink.class,
        SetupLinkAdminResource.SetupLinkView.class,
        // paged lists are Response entities now, so their element types are not seen in signatures
        LineageAdminResource.DelegationView.class,
        LineageAdminResource.CredentialView.class,
        LineageAdminResource.Party.class,
        SubscriptionAdminResource.SubscriptionView.class,
        PortalLinkAdminResource.CreatePortalLink.class,
        PortalLinkAdminResource.PortalLinkView.class,
        dev.tether.events.DeliveryLedger.DeliveryView.class,
        AuthZenSettingsResource.Settings.class,
        // what the lineage views nest, which their signatures do not name
        LineageAdminResource.UserLineage.class,
        LineageAdminResource.AgentLineage.class,
        LineageAdminResource.NodeView.class,
        LineageAdminResource.ChainView.class,
        LineageAdminResource.LeaverDrillView.class,
        LineageAdminResource.DrillCounts.class,
        LineageAdminResource.DrillSubscription.class,
        dev.tether.lineage.LineageQueries.AgentSummary.class,
        SignalSourcesAdminResource.SignalSourceView.class,
        SignalSourcesAdminResource.Stream.class,
        SignalPushResource.PushRefusal.class,
        // recertification: views inside paged lists and reports
        ReviewsAdminResource.ReportView.class,
        ReviewsAdminResource.PolicyRequest.class,
        ReviewsAdminResource.RecurringRequest.class,
        ReviewsAdminResource.SelectRequest.class,
        ReviewsAdminResource.CampaignRequest.class,
        ReviewsAdminResource.DecisionRequest.class,
        ReviewsAdminResource.ReassignRequest.class,
        ReviewLinkAdminResource.CreateReviewLink.class,
        ReviewLinkAdminResource.ReviewLinkView.class,
        dev.tether.reviews.Campaign.class,
        dev.tether.reviews.Campaign.Counts.class,
        dev.tether.reviews.ReviewItem.class,
        dev.tether.reviews.ReviewItem.Party.class,
        dev.tether.reviews.ReviewItem.CredentialHandle.class,
        dev.tether.reviews.ReviewItem.Usage.class,
        dev.tether.reviews.ReviewItem.Reassignment.class,
        dev.tether.reviews.ReviewPolicy.class,
        dev.tether.reviews.ReviewPolicy.Interval.class,
        dev.tether.reviews.ReviewPolicy.Recurring.class,
        dev.tether.reviews.NoAnswerRule.class,
})
final class NativeImageReflection {

    private NativeImageReflection() {
    }
}
