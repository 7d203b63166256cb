package dev.abgw.analysis.page;

/** The document around every page: head, the one stylesheet (inline: no external asset), header and footer. */
final class Layout {
  private Layout() {}

  static final String CSS = """
      :root{--fg:#1d232b;--muted:#5b6570;--line:#d9dee3;--bg:#fff;--soft:#f5f7f9;--good:#0a7d28;--bad:#b3261e;--warn:#8a5a00}
      *{box-sizing:border-box}body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--fg);background:var(--bg)}
      header.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding:.6rem 1.25rem;border-bottom:1px solid var(--line);background:var(--soft)}
      header.top a{color:inherit}main{max-width:1200px;margin:0 auto;padding:1rem 1.25rem 3rem}
      h1{font-size:1.6rem;margin:.5rem 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
      h3{font-size:1rem;margin:1.25rem 0 .25rem}.muted{color:var(--muted)}code{background:var(--soft);padding:1px 4px;border-radius:3px}
      .decision{padding:1rem 1.25rem;border-radius:8px;border-left:6px solid;margin:1rem 0}.decision b.action{font-size:1.35rem;text-transform:uppercase;letter-spacing:.02em}
      .decision.ship{background:#eaf6ec;border-color:var(--good)}.decision.rollback,.decision.invalid{background:#fcebea;border-color:var(--bad)}.decision.keep-running{background:#fff5df;border-color:var(--warn)}
      .alert{background:#fcebea;border:1px solid #f0b7b3;border-radius:8px;padding:.75rem 1rem;margin:1rem 0}.alert h2{border:0;margin:0 0 .25rem;font-size:1.1rem;color:var(--bad)}
      .ok{background:#eaf6ec;border:1px solid #b9dfc0;border-radius:8px;padding:.5rem 1rem}.warnbox{background:#fff5df;border:1px solid #ecd49a;border-radius:8px;padding:.5rem 1rem;margin:.5rem 0}
      .table-wrap{overflow-x:auto;margin:.5rem 0 1rem}table{border-collapse:collapse;font-variant-numeric:tabular-nums;min-width:100%}
      caption{text-align:left;font-weight:600;padding:.25rem 0}th,td{border-bottom:1px solid var(--line);padding:.35rem .6rem;text-align:right;white-space:nowrap}
      th{background:var(--soft);font-weight:600}td:first-child,th:first-child,td.l,th.l{text-align:left}
      .better{color:var(--good);font-weight:600}.worse{color:var(--bad);font-weight:600}.inconclusive{color:var(--muted)}
      svg.forest{max-width:900px;display:block;margin:.25rem 0}svg.forest text{font:13px system-ui,sans-serif;fill:var(--fg)}
      svg.forest text.tick{fill:var(--muted);font-size:11px}svg.forest line.grid{stroke:#eef0f2}svg.forest line.zero{stroke:#7a838c;stroke-dasharray:4 3}
      svg.forest line.ci,svg.forest line.cap{stroke:#5b6570;stroke-width:2}svg.forest circle.est{fill:#5b6570}
      svg.forest g.better line.ci,svg.forest g.better line.cap{stroke:var(--good)}svg.forest g.better circle.est{fill:var(--good)}
      svg.forest g.worse line.ci,svg.forest g.worse line.cap{stroke:var(--bad)}svg.forest g.worse circle.est{fill:var(--bad)}
      svg.forest g.worse text.label{fill:var(--bad);font-weight:600}svg.forest text.nodata{fill:var(--muted);font-style:italic}
      svg.timeplot{max-width:900px;display:block;margin:.25rem 0}svg.timeplot text{font:12px system-ui,sans-serif;fill:var(--muted)}
      svg.timeplot line.grid{stroke:#eef0f2}svg.timeplot line.ref{stroke:#7a838c;stroke-dasharray:4 3}
      svg.timeplot polygon.band{fill:#5b6570;fill-opacity:.18;stroke:none}svg.timeplot polyline.line{fill:none;stroke:#2b6cb0;stroke-width:2}
      svg.timeplot circle.pt{fill:#2b6cb0}svg.timeplot.srm polyline.line{stroke:#5b6570}svg.timeplot.srm circle.pt{fill:#5b6570}
      details{margin:.5rem 0;border:1px solid var(--line);border-radius:6px;padding:.25rem .75rem}summary{cursor:pointer;font-weight:600;padding:.25rem 0}
      a:focus,summary:focus,button:focus,input:focus{outline:3px solid #2b6cb0;outline-offset:2px}
      dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.25rem 0}dl.meta dt{color:var(--muted)}dl.meta dd{margin:0}
      button{font:inherit;padding:.3rem .8rem;border-radius:5px;border:1px solid #9aa3ab;background:#fff;cursor:pointer}
      form.login{max-width:420px;margin:3rem auto;padding:1.5rem;border:1px solid var(--line);border-radius:8px}form.login input{width:100%;font:inherit;padding:.4rem;margin:.25rem 0 1rem}
      .error{color:var(--bad)}table.experiments td{white-space:normal;vertical-align:top}table.experiments td .muted{display:block;max-width:34rem}
      @media (max-width:640px){main{padding:.75rem}h1{font-size:1.3rem}th,td{padding:.3rem .4rem}}
      """;

  static void open(StringBuilder h, String title, PageChrome chrome) {
    h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(Html.esc(title)).append("</title><style>").append(CSS).append("</style></head><body>")
        .append("<header class=\"top\"><nav aria-label=\"site\"><strong>abgw</strong>");
    if (chrome.indexHref() != null) {
      h.append(" \u00b7 <a href=\"").append(Html.esc(chrome.indexHref())).append("\">All experiments</a>");
    }
    h.append("</nav>");
    if (chrome.user() != null) {
      h.append("<div>Signed in as <b>").append(Html.esc(chrome.user())).append("</b> (").append(Html.esc(chrome.role()))
          .append(")");
      if (chrome.csrf() != null) {
        h.append(" <form method=\"post\" action=\"/logout\" style=\"display:inline\"><input type=\"hidden\" name=\"csrf\" value=\"")
            .append(Html.esc(chrome.csrf())).append("\"><button type=\"submit\">Sign out</button></form>");
      }
      h.append("</div>");
    }
    h.append("</header><main>");
  }

  static void close(StringBuilder h) {
    h.append("</main></body></html>");
  }

  /** A standalone page (the login form): the layout around {@code body}, which the caller has escaped. */
  public static String page(String title, PageChrome chrome, String body) {
    StringBuilder h = new StringBuilder(8192);
    open(h, title, chrome);
    h.append(body);
    close(h);
    return h.toString();
  }
}
