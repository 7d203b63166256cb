package dev.abgw.gateway.ui;

/** Test access to UiPages' package-private checks. */
public final class UiPagesAccess {
  private UiPagesAccess() {}

  public static String safeNext(String next) {
    return UiPages.safeNext(next);
  }
}
