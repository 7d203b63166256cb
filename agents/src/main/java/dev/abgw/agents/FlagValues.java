package dev.abgw.agents;

/** Number parsing for the command-line flags of the agent and the load generator, with errors naming the flag. */
public final class FlagValues {
  private FlagValues() {}

  public static int intValue(String flag, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be an integer (was '" + value + "')");
    }
  }

  public static long longValue(String flag, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be an integer (was '" + value + "')");
    }
  }

  public static double doubleValue(String flag, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a number (was '" + value + "')");
    }
  }
}
