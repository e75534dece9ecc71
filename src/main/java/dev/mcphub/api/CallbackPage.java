package dev.mcphub.api;

/**
 * The small page the browser shows when it comes back from an authorization server: success, or the error
 * in words. Every piece of text is escaped; the page loads nothing and runs no script.
 */
final class CallbackPage {
    private CallbackPage() {}

    static PageRoute.Page success(String server) {
        return page(
                "ok",
                "Authorization successful",
                "The hub is now authorized for server <b>" + escape(server)
                        + "</b> and has connected it. You can close this window.");
    }

    /** Errors are shown with status 200, as the reference does: the browser shows the page either way. */
    static PageRoute.Page failure(String message) {
        return page(
                "error",
                "Authorization failed",
                escape(message) + "<br><br>Ask the hub for a new link (POST /api/servers/authorize) and try again.");
    }

    private static PageRoute.Page page(String kind, String title, String body) {
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>MCP Hub: " + title
                + "</title><style>body{font-family:system-ui,sans-serif;max-width:38rem;margin:4rem auto;"
                + "padding:0 1rem;color:#222;line-height:1.5}.ok{color:#17692e}.error{color:#a4161a}</style>"
                + "</head><body><p>MCP Hub</p><h1 class=\"" + kind + "\">" + title + "</h1><p>" + body
                + "</p></body></html>";
        return new PageRoute.Page(200, html);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
