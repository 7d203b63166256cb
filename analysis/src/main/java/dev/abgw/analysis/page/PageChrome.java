package dev.abgw.analysis.page;

/**
 * What a page shows around its content: who is signed in and the CSRF token of the sign-out form (both null
 * when the admin port is open or the page is written to a file), and the link back to the index (null for none).
 */
public record PageChrome(String user, String role, String csrf, String indexHref) {
  public static PageChrome none() {
    return new PageChrome(null, null, null, null);
  }
}
