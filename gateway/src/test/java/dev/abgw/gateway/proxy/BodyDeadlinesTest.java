package dev.abgw.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** One task for all of an event loop's client-body deadlines: due entries expire in order, removed ones never. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BodyDeadlinesTest {

  private static final class Named extends BodyDeadlines.Entry {
    final String name;
    final List<String> expired;
    final CountDownLatch done;
    final Context expectedContext;
    volatile boolean onContext;

    Named(String name, List<String> expired, CountDownLatch done, Context expectedContext) {
      this.name = name;
      this.expired = expired;
      this.done = done;
      this.expectedContext = expectedContext;
    }

    @Override
    void expire() {
      onContext = Vertx.currentContext() == expectedContext;
      expired.add(name);
      done.countDown();
    }
  }

  @Test
  void due_entries_expire_in_order_on_the_context_and_removed_ones_never(Vertx vertx) throws Exception {
    Context context = vertx.getOrCreateContext();
    List<String> expired = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(3);
    Named[] entries = new Named[5];
    CountDownLatch added = new CountDownLatch(1);
    context.runOnContext(v -> {
      BodyDeadlines deadlines = new BodyDeadlines((ContextInternal) context);
      long now = System.nanoTime();
      for (int i = 0; i < entries.length; i++) {
        entries[i] = new Named("e" + i, expired, done, context);
        deadlines.add(entries[i], now + TimeUnit.MILLISECONDS.toNanos(50 + 100L * i));
      }
      deadlines.remove(entries[1]); // finished in time
      deadlines.remove(entries[4]);
      deadlines.remove(entries[4]); // twice: no harm
      added.countDown();
    });
    assertThat(added.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(300); // past the removed last one's deadline (450 ms)
    assertThat(expired).containsExactly("e0", "e2", "e3");
    assertThat(entries[0].onContext).isTrue();
  }

  @Test
  void the_task_re_arms_for_entries_added_after_the_list_emptied(Vertx vertx) throws Exception {
    Context context = vertx.getOrCreateContext();
    List<String> expired = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(2);
    BodyDeadlines[] holder = new BodyDeadlines[1];
    context.runOnContext(v -> {
      holder[0] = new BodyDeadlines((ContextInternal) context);
      Named first = new Named("first", expired, done, context);
      holder[0].add(first, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));
    });
    vertx.setTimer(200, id -> context.runOnContext(v -> {
      assertThat(holder[0].isEmpty()).isTrue();
      holder[0].add(new Named("second", expired, done, context), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));
    }));
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(expired).containsExactly("first", "second");
  }
}
