package dev.abgw.loadtest;

import java.util.List;

/** Markdown table of several {@link LoadResult}s, one row each, for reports and READMEs. */
public final class LoadResultTable {

  private LoadResultTable() {}

  /** Header, separator and one row per result, each line ending in a newline. */
  public static String markdown(List<LoadResult> results) {
    StringBuilder table = new StringBuilder(LoadResult.markdownHeader()).append('\n');
    for (LoadResult result : results) {
      table.append(result.toMarkdownRow()).append('\n');
    }
    return table.toString();
  }
}
