package dev.mcphub.upstream;

/** The four lists a server can offer, with the MCP methods that fetch them and announce their changes. */
public enum ListKind {
    TOOLS("tools", "tools/list", "tools", "notifications/tools/list_changed"),
    RESOURCES("resources", "resources/list", "resources", "notifications/resources/list_changed"),
    RESOURCE_TEMPLATES(
            "resources", "resources/templates/list", "resourceTemplates", "notifications/resources/list_changed"),
    PROMPTS("prompts", "prompts/list", "prompts", "notifications/prompts/list_changed");

    private final String capability;
    private final String listMethod;
    private final String field;
    private final String changedNotification;

    ListKind(String capability, String listMethod, String field, String changedNotification) {
        this.capability = capability;
        this.listMethod = listMethod;
        this.field = field;
        this.changedNotification = changedNotification;
    }

    /** The server capability that must be present for the list to exist. */
    public String capability() {
        return capability;
    }

    public String listMethod() {
        return listMethod;
    }

    /** The field of the list result that holds the items, also the key in the status object. */
    public String field() {
        return field;
    }

    public String changedNotification() {
        return changedNotification;
    }
}
