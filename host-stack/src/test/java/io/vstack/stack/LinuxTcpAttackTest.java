package io.vstack.stack;

import static io.vstack.stack.LinuxTcpLab.VSTACK_ADDRESS;
import static io.vstack.stack.LinuxTcpLab.VSTACK_IP;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.netns.Commands;
import io.vstack.tcp.TcpCounters;
import io.vstack.tcp.TcpEngine;
import io.vstack.wire.MacAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * RFC 5961 and SYN-backlog defences on the wire: while Linux and vstack transfer data over the TAP,
 * scapy in Linux's namespace injects a SYN flood at vstack's listener and blind RSTs, SYNs and data
 * with in-window and out-of-window sequence numbers into the running connection. The transfer
 * survives intact and vstack's counters show each attack was seen and refused.
 */
class LinuxTcpAttackTest {
  private static final long VSTACK_BYTES = 8L << 20;
  private static final long LINUX_BYTES = 1L << 20;
  private static final int VSTACK_PORT = 8003;
  private static final int BACKLOG = 8;
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  /**
   * Waits for Linux's ACK of vstack's data on the connection (so the tuple and vstack's RCV.NXT,
   * which is Linux's sequence number while it only receives, are known), then sends: a flood of
   * SYNs from spoofed addresses nobody answers for; blind RSTs with random and with in-window
   * sequence numbers; SYNs on the connection; data with in-window sequence numbers but an ACK for
   * data never sent; data far beyond and far behind the window. Prints {@code sent N}.
   */
  private static final String ATTACKER =
      """
      import sys,random
      from scapy.all import Ether,IP,TCP,Raw,sniff,sendp,conf
      tap,vip,vmac,port=sys.argv[1],sys.argv[2],sys.argv[3],int(sys.argv[4])
      rnd=random.Random(int(sys.argv[5]))
      first={}
      def acked_data(p):
          t=p[TCP]
          if t.flags&0x07 or not t.flags&0x10: return False
          if 'ack' not in first: first['ack']=t.ack; return False
          return t.ack!=first['ack']
      got=sniff(iface=tap,filter='tcp and dst host %s and dst port %d'%(vip,port),
                stop_filter=acked_data,timeout=60,
                started_callback=lambda: print('ready',file=sys.stderr,flush=True))
      if not got or not acked_data(got[-1]): print('no ACK from Linux seen',file=sys.stderr); sys.exit(2)
      p=got[-1]; ip=p[IP]; t=p[TCP]
      M=1<<32
      rcv=t.seq; una=t.ack
      e=Ether(src=p[Ether].src,dst=vmac)
      conn=lambda flags,seq,ack,load=b'': e/IP(src=ip.src,dst=vip)/TCP(sport=t.sport,dport=port,flags=flags,seq=seq%M,ack=ack%M,window=512)/Raw(load)
      frames=[]
      for i in range(200):
          frames.append(e/IP(src='198.51.100.%d'%rnd.randint(10,250),dst=vip)/TCP(sport=rnd.randint(1024,65535),dport=port,flags='S',seq=rnd.getrandbits(32),window=1024))
      for i in range(20):
          frames.append(conn('R',rcv+(1<<31)+rnd.randint(0,1<<20),0))
          frames.append(conn('R',rcv+1000+i*1000,0))
          frames.append(conn('S',rcv+500+i*1000,0))
          frames.append(conn('PA',rcv+i*1000,una+(1<<31),b'X'*100))
          frames.append(conn('PA',rcv+(1<<30)+i*1000,una,b'Y'*100))
          frames.append(conn('PA',rcv-(1<<30)-i*1000,una,b'Z'*100))
      s=conf.L2socket(iface=tap)
      for f in frames: s.send(f)
      s.close()
      print('sent',len(frames),flush=True)
      """;

  @Test
  void shouldFinishTransferIntactAndCountEachAttackWhenScapyAttacksDuringIt() {
    try (LinuxTcpLab lab = LinuxTcpLab.open("vt")) {
      final TcpEngine engine = lab.stack.engine();
      final TcpCounters counters = engine.counters();
      final int listener = engine.listen(VSTACK_ADDRESS, VSTACK_PORT, BACKLOG);
      try (Commands.Background attacker =
          lab.ns.start(
              LinuxTcpLab.PYTHON,
              "-c",
              ATTACKER,
              lab.tap,
              VSTACK_IP,
              MacAddress.toString(lab.stack.host().mac()),
              Integer.toString(VSTACK_PORT),
              "29")) {
        awaitReady(attacker);
        try (Commands.Background linux =
            lab.pump("client", VSTACK_IP, VSTACK_PORT, LINUX_BYTES, 31, "recv")) {
          final int[] id = {-1};
          lab.run(() -> (id[0] = engine.accept(listener)) >= 0, TIMEOUT, "accept");
          final StreamPump pump = new StreamPump(engine, id[0], VSTACK_BYTES, 37, false);
          // Half of the data goes out now; the rest only after the attack, so the attack is sure
          // to hit a connection in the middle of its transfer.
          pump.limitSending(VSTACK_BYTES / 2);
          final long challengeAcks = counters.challengeAcksSent;
          final long outOfWindow = counters.outOfWindowDrops;
          final long badAcks = counters.badAckDrops;
          lab.run(
              () -> {
                pump.step(lab.stack.now());
                return !attacker.process().isAlive();
              },
              TIMEOUT,
              "attack");
          final Commands.Result attack = attacker.await(Duration.ofSeconds(5));
          assertThat(attack.exitCode()).as("scapy: %s", attack.stderr()).isZero();
          assertThat(attack.stdout()).startsWith("sent ");
          assertThat(pump.received()).as("vstack got nothing before EOF yet").isZero();
          assertThat(pump.sent()).as("transfer still running").isLessThan(VSTACK_BYTES);
          // Let vstack drain the attack frames still queued in the TAP before finishing.
          lab.runUntil(() -> false, Duration.ofMillis(200));
          pump.limitSending(Long.MAX_VALUE);
          lab.run(() -> pump.step(lab.stack.now()), TIMEOUT, "transfer after the attack");
          final Commands.Result result = lab.await(linux, TIMEOUT);
          assertThat(result.exitCode()).as("Linux side %s", result.stderr()).isZero();
          final StreamPumpResult r = StreamPumpResult.parse(result.stdout());
          System.out.printf(
              "[attack] %s; challenge ACKs %d (suppressed %d), out of window %d, bad ACK %d,"
                  + " SYN backlog evictions %d, resets received %d%n",
              attack.stdout().trim(),
              counters.challengeAcksSent - challengeAcks,
              counters.challengeAcksSuppressed,
              counters.outOfWindowDrops - outOfWindow,
              counters.badAckDrops - badAcks,
              counters.synBacklogEvictions,
              counters.resetsReceived);
          assertThat(r.ending()).as("Linux saw no reset").isEqualTo("eof");
          assertThat(r.received()).as("bytes at Linux").isEqualTo(VSTACK_BYTES);
          assertThat(r.receivedSha()).as("SHA-256 at Linux").isEqualTo(pump.sentSha256());
          assertThat(pump.received()).as("bytes at vstack").isEqualTo(LINUX_BYTES);
          assertThat(pump.receivedSha256()).as("SHA-256 at vstack").isEqualTo(r.sentSha());
          assertThat(counters.resetsReceived).as("no blind RST was believed").isZero();
          assertThat(counters.synBacklogEvictions)
              .as("the SYN flood overflowed the backlog of %d", BACKLOG)
              .isPositive();
          assertThat(counters.challengeAcksSent - challengeAcks)
              .as("in-window RSTs, SYNs and bad-ACK data were challenged (RFC 5961)")
              .isPositive();
          assertThat(counters.badAckDrops - badAcks)
              .as("in-window data acknowledging data never sent was dropped")
              .isGreaterThanOrEqualTo(20);
          assertThat(counters.outOfWindowDrops - outOfWindow)
              .as("blind RSTs and data outside the window were dropped")
              .isGreaterThanOrEqualTo(60);
        }
      }
    }
  }

  private static void awaitReady(final Commands.Background attacker) {
    final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!attacker.stderrSoFar().contains("ready")
        && attacker.process().isAlive()
        && System.nanoTime() < deadline) {
      LinuxTcpLab.sleep(20);
    }
    assertThat(attacker.stderrSoFar()).as("scapy sniffer started").contains("ready");
  }
}
