package dev.tether.console;

import io.quarkus.qute.TemplateData;

/**
 * What the console's layout needs of every page: its title, the navigation section it belongs
 * to, who is signed in, whether they may change things (an auditor sees no change controls), and
 * the CSRF token for its forms.
 */
@TemplateData
public record PageFrame(String title, String section, String person, boolean operator, String csrf) {

    /** The sections of the navigation, in order: id and label. */
    public static final java.util.List<Section> SECTIONS = java.util.List.of(
            new Section("directories", "Directories", "/console/directories"),
            new Section("people", "People", "/console/people"),
            new Section("agents", "Agents", "/console/agents"),
            new Section("events", "Events", "/console/events"),
            new Section("audit", "Audit", "/console/audit"));

    public java.util.List<Section> sections() {
        return SECTIONS;
    }

    public boolean current(Section s) {
        return s.id().equals(section);
    }

    @TemplateData
    public record Section(String id, String label, String href) {
    }
}
