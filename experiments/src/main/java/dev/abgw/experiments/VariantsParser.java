package dev.abgw.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads and checks {@code /variants}. */
final class VariantsParser {

  private VariantsParser() {}

  /** The variants, or {@code null} when any of them (or the list) has a mistake; every mistake is reported. */
  static List<Variant> variants(ObjectReader root) {
    List<JsonNode> items = root.array("variants", true);
    if (items == null) {
      return null;
    }
    Problems problems = root.problems();
    int before = problems.count();
    String pointer = root.at("variants");
    if (items.size() < 2) {
      problems.add(pointer, "must have at least 2 variants, a control and a treatment (was " + items.size() + ")");
    }
    List<Variant> variants = new ArrayList<>();
    NamedList list = new NamedList(pointer);
    boolean allWeights = true;
    double totalWeight = 0;
    for (int i = 0; i < items.size(); i++) {
      ObjectReader r = ObjectReader.of(items.get(i), JsonPointers.index(pointer, i), problems);
      if (r == null) {
        allWeights = false;
        continue;
      }
      int beforeItem = problems.count();
      String name = list.name(r, i, Variant.NAME, "must be 1 to 64 letters, digits, '_', '.' or '-'");
      URI upstream = upstream(r);
      Double weight = weight(r);
      long timeoutMillis = timeout(r);
      ObjectReader metadata = r.object("metadata", false);
      r.raw("resilience"); // read and checked by ResilienceParser
      r.rejectUnknown();
      if (weight == null) {
        allWeights = false;
      } else {
        totalWeight += weight;
      }
      if (problems.count() == beforeItem) {
        Map<String, Object> meta = metadata == null ? Map.of() : JsonValues.toJavaMap(r.raw("metadata"));
        variants.add(new Variant(name, upstream, weight, timeoutMillis, meta));
      }
    }
    if (allWeights && items.size() >= 2 && !(totalWeight > 0)) {
      problems.add(pointer, "must have a total weight > 0 (was " + Numbers.format(totalWeight) + ")");
    }
    return problems.count() == before ? variants : null;
  }

  private static URI upstream(ObjectReader r) {
    String s = r.string("upstream", true);
    if (s == null) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      r.problems().add(r.at("upstream"), "must be an absolute http or https URL (was " + JsonValues.quote(s) + ": " + e.getReason() + ")");
      return null;
    }
    String problem = Variant.upstreamProblem(uri);
    if (problem != null) {
      r.problems().add(r.at("upstream"), problem + " (was " + JsonValues.quote(s) + ")");
      return null;
    }
    return uri;
  }

  private static Double weight(ObjectReader r) {
    Double w = r.number("weight", true);
    if (w != null && w < 0) {
      r.problems().add(r.at("weight"), "must be >= 0 (was " + JsonValues.describe(r.raw("weight")) + ")");
      return null;
    }
    return w;
  }

  private static long timeout(ObjectReader r) {
    Long t = r.whole("timeoutMillis", false);
    if (t == null) {
      return Variant.DEFAULT_TIMEOUT_MILLIS;
    }
    if (t < 1 || t > Variant.MAX_TIMEOUT_MILLIS) {
      r.problems().add(r.at("timeoutMillis"), "must be between 1 and " + Variant.MAX_TIMEOUT_MILLIS + " (was "
          + JsonValues.describe(r.raw("timeoutMillis")) + ")");
    }
    return t;
  }
}
