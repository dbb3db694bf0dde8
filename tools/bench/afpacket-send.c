/*
 * The kernel's own pace for AF_PACKET senders: replays a classic pcap (read into memory first,
 * like `tcpreplay -K`) at top speed out of an interface, LOOPS times, with one of three methods,
 * and prints what `vstack replay --json` prints about its rate ("pps" over first to last frame).
 * A yardstick for tools/bench/replay-vs-tcpreplay.sh: user space reduced to nothing, so whatever
 * rate it reaches is the kernel's (skb, veth, the peer's receive), the most any AF_PACKET sender
 * can reach on that interface.
 *
 *   gcc -O2 -o afpacket-send afpacket-send.c
 *   afpacket-send IFACE TRACE.pcap LOOPS send|sendmmsg|ring
 *
 * send: one send(2) per frame (tcpreplay's method). sendmmsg: one sendmmsg(2) per 32 frames (what
 * vstack's PacketPort does). ring: a PACKET_TX_RING (TPACKET_V2, 4096 frames of 2 KiB), 256
 * frames filled per send(fd, NULL, 0). All with PACKET_QDISC_BYPASS on a non-blocking socket;
 * ENOBUFS/EAGAIN are retried, so every frame is sent. Needs root.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>

enum { BURST = 32, RING_FRAMES = 4096, RING_FRAME_SIZE = 2048, RING_BURST = 256 };

static unsigned char *data;
static unsigned char **frames;
static unsigned *lengths;
static long count;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static void die(const char *what) {
  perror(what);
  exit(1);
}

/* Reads a little-endian classic pcap (the kind make-trace.py writes) into memory. */
static void load(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) die(path);
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  rewind(f);
  data = malloc(size);
  if (!data || fread(data, 1, size, f) != (size_t)size) die("read trace");
  fclose(f);
  uint32_t magic;
  memcpy(&magic, data, 4);
  if (size < 24 || (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d)) {
    fprintf(stderr, "%s: not a little-endian classic pcap\n", path);
    exit(2);
  }
  frames = malloc(sizeof *frames * (size / 16));
  lengths = malloc(sizeof *lengths * (size / 16));
  for (long at = 24; at + 16 <= size; count++) {
    uint32_t caplen;
    memcpy(&caplen, data + at + 8, 4);
    if (at + 16 + (long)caplen > size) break;
    frames[count] = data + at + 16;
    lengths[count] = caplen;
    at += 16 + caplen;
  }
}

static long send_each(int fd, long loops) {
  long retries = 0;
  for (long pass = 0; pass < loops; pass++)
    for (long i = 0; i < count;) {
      if (send(fd, frames[i], lengths[i], MSG_DONTWAIT) >= 0) i++;
      else if (errno == ENOBUFS || errno == EAGAIN) retries++;
      else die("send");
    }
  return retries;
}

static long send_bursts(int fd, long loops) {
  static struct mmsghdr messages[BURST];
  static struct iovec iovecs[BURST];
  long retries = 0;
  for (int k = 0; k < BURST; k++) {
    messages[k].msg_hdr.msg_iov = &iovecs[k];
    messages[k].msg_hdr.msg_iovlen = 1;
  }
  for (long pass = 0; pass < loops; pass++)
    for (long i = 0; i < count;) {
      int n = count - i < BURST ? (int)(count - i) : BURST;
      for (int k = 0; k < n; k++) {
        iovecs[k].iov_base = frames[i + k];
        iovecs[k].iov_len = lengths[i + k];
      }
      int sent = sendmmsg(fd, messages, n, MSG_DONTWAIT);
      if (sent >= 0) i += sent;
      else if (errno == ENOBUFS || errno == EAGAIN) retries++;
      else die("sendmmsg");
    }
  return retries;
}

static long send_ring(int fd, long loops) {
  int version = TPACKET_V2;
  if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version, sizeof version)) die("PACKET_VERSION");
  struct tpacket_req req = {
      .tp_block_size = 1 << 16,
      .tp_frame_size = RING_FRAME_SIZE,
      .tp_block_nr = RING_FRAMES / ((1 << 16) / RING_FRAME_SIZE),
      .tp_frame_nr = RING_FRAMES,
  };
  if (setsockopt(fd, SOL_PACKET, PACKET_TX_RING, &req, sizeof req)) die("PACKET_TX_RING");
  unsigned char *ring = mmap(NULL, (size_t)req.tp_block_size * req.tp_block_nr,
                             PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (ring == MAP_FAILED) die("mmap");
  /* TPACKET_V2 transmit data starts at TPACKET2_HDRLEN - sizeof(struct sockaddr_ll). */
  const size_t offset = TPACKET_ALIGN(sizeof(struct tpacket2_hdr));
  long retries = 0, total = loops * count, queued = 0;
  unsigned head = 0;
  while (1) {
    for (int k = 0; k < RING_BURST && queued < total; k++) {
      struct tpacket2_hdr *h = (void *)(ring + (size_t)head * RING_FRAME_SIZE);
      if (__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) &
          (TP_STATUS_SEND_REQUEST | TP_STATUS_SENDING))
        break; /* the kernel still owns it */
      long i = queued % count;
      memcpy((unsigned char *)h + offset, frames[i], lengths[i]);
      h->tp_len = lengths[i];
      __atomic_store_n(&h->tp_status, TP_STATUS_SEND_REQUEST, __ATOMIC_RELEASE);
      head = (head + 1) % RING_FRAMES;
      queued++;
    }
    if (send(fd, NULL, 0, MSG_DONTWAIT) < 0) {
      if (errno == ENOBUFS || errno == EAGAIN) retries++;
      else die("send (tx ring)");
    }
    if (queued == total) { /* done once the kernel took every request */
      unsigned last = (head + RING_FRAMES - 1) % RING_FRAMES;
      struct tpacket2_hdr *h = (void *)(ring + (size_t)last * RING_FRAME_SIZE);
      if (!(__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) & TP_STATUS_SEND_REQUEST)) break;
    }
  }
  return retries;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s IFACE TRACE.pcap LOOPS send|sendmmsg|ring\n", argv[0]);
    return 2;
  }
  load(argv[2]);
  long loops = atol(argv[3]);
  int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, 0);
  if (fd < 0) die("socket (needs root)");
  struct sockaddr_ll address = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL)};
  address.sll_ifindex = if_nametoindex(argv[1]);
  if (!address.sll_ifindex) die(argv[1]);
  if (bind(fd, (struct sockaddr *)&address, sizeof address)) die("bind");
  int one = 1;
  if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one)) die("PACKET_QDISC_BYPASS");
  double start = now();
  long retries;
  if (!strcmp(argv[4], "send")) retries = send_each(fd, loops);
  else if (!strcmp(argv[4], "sendmmsg")) retries = send_bursts(fd, loops);
  else if (!strcmp(argv[4], "ring")) retries = send_ring(fd, loops);
  else {
    fprintf(stderr, "unknown method %s: send, sendmmsg or ring\n", argv[4]);
    return 2;
  }
  double elapsed = now() - start;
  printf("{\"method\":\"%s\",\"frames\":%ld,\"retries\":%ld,\"pps\":%.1f}\n", argv[4],
         loops * count, retries, loops * count / elapsed);
  return 0;
}
