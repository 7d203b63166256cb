package dev.abgw.gateway.proxy;

import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.TimeUnit;

/**
 * The client-body deadlines of one event loop's exchanges: a list in the order they were added and one
 * scheduled task for all of them, instead of a task scheduled and cancelled per request (Netty's scheduled-task
 * heap insert and removal, and a task object, on the proxy loop for every request with a body). Every exchange
 * has the same timeout, so the order of adding is the order of deadlines (to within how much later an exchange
 * starts than its request arrived); removing an entry is O(1) and leaves the task alone: when it fires it
 * expires what is due and moves itself to the next deadline, so with short exchanges it runs about once per
 * timeout, not once per request. Only the event loop's own thread may call it.
 */
final class BodyDeadlines {
  /** One exchange's deadline; the exchange itself is the entry (no object per request). */
  abstract static class Entry {
    private long deadlineNanos;
    private Entry prev;
    private Entry next;
    private boolean linked;

    /** The deadline passed while linked: runs on the event loop's context. */
    abstract void expire();
  }

  private final ContextInternal context;
  private Entry head;
  private Entry tail;
  private ScheduledFuture<?> task;
  private final Runnable fire = this::fire;

  BodyDeadlines(ContextInternal context) {
    this.context = context;
  }

  /** Links {@code e} with its deadline {@code deadlineNanos} (on {@link System#nanoTime}'s scale). */
  void add(Entry e, long deadlineNanos) {
    if (e.linked) remove(e);
    e.deadlineNanos = deadlineNanos;
    e.linked = true;
    e.prev = tail;
    e.next = null;
    if (tail == null) head = e;
    else tail.next = e;
    tail = e;
    if (task == null) arm(deadlineNanos - System.nanoTime());
  }

  /** Unlinks {@code e} if it is linked; the shared task is not touched. */
  void remove(Entry e) {
    if (!e.linked) return;
    if (e.prev == null) head = e.next;
    else e.prev.next = e.next;
    if (e.next == null) tail = e.prev;
    else e.next.prev = e.prev;
    e.prev = null;
    e.next = null;
    e.linked = false;
  }

  /** Whether nothing is linked. */
  boolean isEmpty() {
    return head == null;
  }

  private void arm(long delayNanos) {
    task = context.nettyEventLoop().schedule(fire, Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
  }

  private void fire() {
    task = null;
    long now = System.nanoTime();
    while (head != null && head.deadlineNanos - now <= 0) {
      Entry due = head;
      remove(due);
      context.runOnContext(v -> due.expire());
    }
    if (head != null) arm(head.deadlineNanos - now);
  }
}
