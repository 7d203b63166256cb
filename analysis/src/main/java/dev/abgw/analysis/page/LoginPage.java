package dev.abgw.analysis.page;

/**
 * The sign-in form: a token (any of {@code ABGW_ADMIN_TOKEN} or the tokens file) exchanged for a session cookie.
 * {@code csrf} is the value of the login CSRF cookie, echoed in a hidden field; {@code next} where to go after.
 */
public final class LoginPage {
  private LoginPage() {}

  public static String render(String csrf, String next, String error) {
    StringBuilder b = new StringBuilder(2048);
    b.append("<form class=\"login\" method=\"post\" action=\"/login\"><h1>Sign in to abgw</h1>");
    if (error != null) b.append("<p class=\"error\" role=\"alert\">").append(Html.esc(error)).append("</p>");
    b.append("<label for=\"token\">Access token</label><input id=\"token\" name=\"token\" type=\"password\" ")
        .append("autocomplete=\"current-password\" required autofocus>")
        .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(Html.esc(csrf)).append("\">")
        .append("<input type=\"hidden\" name=\"next\" value=\"").append(Html.esc(next)).append("\">")
        .append("<button type=\"submit\">Sign in</button><p class=\"muted\">Programs keep sending "
            + "<code>Authorization: Bearer</code>; this form is for browsers.</p></form>");
    return Layout.page("Sign in \u00b7 abgw", PageChrome.none(), b.toString());
  }
}
