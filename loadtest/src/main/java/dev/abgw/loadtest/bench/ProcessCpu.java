package dev.abgw.loadtest.bench;

/** CPU time of this JVM (every thread, GC and JIT included), for CPU-per-operation figures a busy box inflates less than wall time. */
final class ProcessCpu {
  private ProcessCpu() {}

  /** This process's CPU time so far, in microseconds. */
  static long micros() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1000;
  }
}
