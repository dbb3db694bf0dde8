package io.vstack.mode;

import io.vstack.tcp.TcpEngine;
import org.agrona.concurrent.Agent;

/**
 * One host of a {@link StackMode}: TCP for each tenant slot of its {@link HostPlan}, on one
 * underlay port. Single-threaded: {@link #doWork()} (receive, process, timers, send) and the
 * application's engine calls run on the same thread, followed by {@link #flush()}.
 */
public interface ModeHost extends Agent, AutoCloseable {
  StackMode mode();

  /** The TCP engine serving tenant {@code slot} (the unvirtualized host has one for all). */
  TcpEngine engine(int slot);

  /** The local IPv4 address the tenant's connections use. */
  int address(int slot);

  /**
   * Makes sure the next hop to {@code remote} is known (e.g. by ARP), for the tenant in {@code
   * slot}.
   *
   * @return true once it is
   */
  boolean resolve(int slot, int remote);

  /** One duty cycle: receive a burst, process it through every stage, run timers, send. */
  @Override
  int doWork();

  /** Sends what application calls queued since the last duty cycle, through every stage. */
  void flush();

  @Override
  void close();

  @Override
  default String roleName() {
    return mode().label() + "-host";
  }
}
