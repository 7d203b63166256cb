package dev.abgw.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte scanner reads what Jackson's streaming parser read before it (the reference below is the sniffer's
 * former code): the same values on well-formed completions, and never an exception on broken ones.
 */
class CompletionScanTest {
  private static final JsonFactory JSON = new JsonFactory();

  /** What the sniffer read with Jackson, as one comparable string. */
  private static String reference(byte[] body) {
    Long[] usage = new Long[3];
    String[] finish = new String[1];
    int[] tools = {-1};
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken value = p.nextToken();
          if ("usage".equals(field) && value == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String f = p.currentName();
              JsonToken v = p.nextToken();
              boolean number = v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT;
              int k = "prompt_tokens".equals(f) ? 0 : "completion_tokens".equals(f) ? 1 : "total_tokens".equals(f) ? 2 : -1;
              if (number && k >= 0) usage[k] = p.getNumberValue().longValue();
              else p.skipChildren();
            }
          } else if ("choices".equals(field) && value == JsonToken.START_ARRAY) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                if ("finish_reason".equals(f) && v == JsonToken.VALUE_STRING) {
                  finish[0] = p.getText();
                } else if ("message".equals(f) && v == JsonToken.START_OBJECT) {
                  while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String inner = p.currentName();
                    JsonToken iv = p.nextToken();
                    if ("tool_calls".equals(inner) && iv == JsonToken.START_ARRAY) {
                      int n = 0;
                      while (p.nextToken() != JsonToken.END_ARRAY) {
                        n++;
                        p.skipChildren();
                      }
                      tools[0] = n;
                    } else {
                      p.skipChildren();
                    }
                  }
                } else {
                  p.skipChildren();
                }
              }
            }
            JsonToken t;
            while ((t = p.nextToken()) != null && t != JsonToken.END_ARRAY) p.skipChildren();
          } else {
            p.skipChildren();
          }
        }
      }
    } catch (IOException notJson) {
      // as the sniffer: keep what was read
    }
    return Arrays.toString(usage) + " " + finish[0] + " " + tools[0];
  }

  private static String scanned(byte[] body) {
    CompletionScan s = CompletionScan.of(body, 0, body.length);
    return Arrays.toString(new Long[] {s.promptTokens, s.completionTokens, s.totalTokens}) + " " + s.finishReason
        + " " + s.toolCalls;
  }

  private static final List<String> COMPLETIONS = List.of(
      "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"m\",\"choices\":[{\"index\":0,"
          + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello {\\\"usage\\\": [1]} ]}\"},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":20,\"total_tokens\":32}}",
      " \r\n\t{ \"usage\" : { \"prompt_tokens\" : 1.9e1 , \"completion_tokens\" : -3 , \"total_tokens\" : 99999999999999999999 } ,"
          + " \"choices\" : [ ] }",
      "{\"choices\":[{\"message\":{\"tool_calls\":[{\"id\":\"a\",\"function\":{\"arguments\":\"{\\\"x\\\":[1,{}]}\"}},"
          + "{\"id\":\"b\"},[],null,3]},\"finish_reason\":\"tool\\u005fcalls\\n\\\"\\\\\\/\\b\\f\\r\\t\"},"
          + "{\"finish_reason\":\"stop\",\"message\":{\"tool_calls\":[1]}}]}",
      "{\"\\u0075sage\":{\"prompt_tokens\":5},\"choices\":[{\"finish_reason\":null,\"message\":{\"tool_calls\":[]}}]}",
      "{\"choices\":[3,{\"finish_reason\":\"late\"}],\"usage\":{\"prompt_tokens\":\"7\",\"completion_tokens\":{\"a\":1},"
          + "\"total_tokens\":0}}",
      "{\"usage\":[1,2],\"choices\":{\"finish_reason\":\"x\"},\"usage\":{\"total_tokens\":4,\"total_tokens\":6}}",
      "{\"choices\":[{\"finish_reason\":\"caf\u00e9 \u6f22 \ud83d\ude00 \\ud83d\\ude00\"}],\"usage\":{}}",
      "\ufeff{\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":1e0}}",
      "{\"choices\":[{\"message\":{\"content\":\"" + "x".repeat(100_000) + "\",\"tool_calls\":[{},{},{}]}}]}",
      "{}", "[]", "[{\"usage\":{\"prompt_tokens\":1}}]", "\"usage\"", "17", "null", "");

  @Test
  void reads_the_same_as_the_streaming_parser_on_well_formed_completions() {
    for (String c : COMPLETIONS) {
      byte[] body = c.getBytes(StandardCharsets.UTF_8);
      assertThat(scanned(body)).as(c.length() > 300 ? c.substring(0, 300) : c).isEqualTo(reference(body));
    }
  }

  @Test
  void reads_the_first_choice_and_usage_of_a_typical_answer() {
    byte[] body = COMPLETIONS.get(0).getBytes(StandardCharsets.UTF_8);
    assertThat(scanned(body)).isEqualTo("[12, 20, 32] stop -1");
    byte[] tools = COMPLETIONS.get(2).getBytes(StandardCharsets.UTF_8);
    assertThat(scanned(tools)).isEqualTo("[null, null, null] tool_calls\n\"\\/\b\f\r\t 5");
  }

  @Test
  void never_throws_and_agrees_on_every_prefix_of_a_completion() {
    byte[] body = COMPLETIONS.get(0).getBytes(StandardCharsets.UTF_8);
    List<Integer> disagree = new ArrayList<>();
    for (int n = 0; n <= body.length; n++) {
      byte[] prefix = Arrays.copyOf(body, n);
      if (!scanned(prefix).equals(reference(prefix))) disagree.add(n);
    }
    assertThat(disagree).isEmpty();
  }

  @Test
  void never_throws_on_random_bytes_and_mutations() {
    Random random = new Random(42);
    byte[] base = COMPLETIONS.get(2).getBytes(StandardCharsets.UTF_8);
    for (int round = 0; round < 20_000; round++) {
      byte[] b = base.clone();
      for (int k = 0; k < 1 + random.nextInt(4); k++) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
      scanned(b);
      byte[] noise = new byte[random.nextInt(64)];
      random.nextBytes(noise);
      scanned(noise);
    }
  }

  @Test
  void refuses_nesting_deeper_than_the_bound_without_a_stack_overflow() {
    String deep = "{\"choices\":[{\"message\":{\"x\":" + "[".repeat(100_000) + "]".repeat(100_000)
        + ",\"tool_calls\":[1]}}],\"usage\":{\"prompt_tokens\":2}}";
    assertThat(scanned(deep.getBytes(StandardCharsets.UTF_8))).isEqualTo("[null, null, null] null -1");
    String fine = "{\"choices\":[{\"message\":{\"x\":" + "[".repeat(500) + "]".repeat(500)
        + ",\"tool_calls\":[1]}}],\"usage\":{\"prompt_tokens\":2}}";
    assertThat(scanned(fine.getBytes(StandardCharsets.UTF_8))).isEqualTo("[2, null, null] null 1");
  }
}
