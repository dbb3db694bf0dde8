package io.vstack.libc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class LibcTest {
  @Test
  void shouldCaptureErrnoWhenOpenFails() {
    try (Errno errno = new Errno()) {
      assertThat(Libc.open(errno, "/nonexistent/vsp", Libc.O_RDONLY)).isEqualTo(-1);
      assertThat(errno.value()).isEqualTo(Errno.ENOENT);
      assertThat(errno.message()).isEqualTo("No such file or directory");
    }
  }

  @Test
  void shouldReadAndWriteNativeMemoryByAddress() {
    try (Errno errno = new Errno();
        Arena arena = Arena.ofConfined()) {
      final MemorySegment memory = arena.allocate(64);
      memory.fill((byte) 0x5A);
      final int zero = Libc.open(errno, "/dev/zero", Libc.O_RDONLY | Libc.O_CLOEXEC);
      final int none = Libc.open(errno, "/dev/null", Libc.O_RDWR | Libc.O_CLOEXEC);
      try {
        assertThat(zero).isNotNegative();
        assertThat(Libc.read(errno, zero, memory.address() + 8, 16)).isEqualTo(16);
        assertThat(memory.get(ValueLayout.JAVA_BYTE, 7)).isEqualTo((byte) 0x5A);
        assertThat(memory.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE)).containsOnly((byte) 0);
        assertThat(memory.get(ValueLayout.JAVA_BYTE, 24)).isEqualTo((byte) 0x5A);
        assertThat(Libc.write(errno, none, memory.address(), 64)).isEqualTo(64);
        assertThat(Libc.read(errno, none, memory.address(), 64)).as("end of file").isZero();
      } finally {
        assertThat(Libc.close(errno, zero)).isZero();
        assertThat(Libc.close(errno, none)).isZero();
      }
      assertThat(Libc.close(errno, zero)).isEqualTo(-1);
      assertThat(errno.value()).isEqualTo(Errno.EBADF);
    }
  }

  @Test
  void shouldReportEagainWhenANonBlockingReadHasNothing() throws Exception {
    try (Errno errno = new Errno();
        Arena arena = Arena.ofConfined()) {
      // a FIFO opened read-write never blocks on open; empty, a non-blocking read says EAGAIN
      final java.nio.file.Path fifo =
          java.nio.file.Files.createTempDirectory("vsp-libc").resolve("fifo");
      assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
      final int fd =
          Libc.open(errno, fifo.toString(), Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
      try {
        assertThat(Libc.read(errno, fd, arena.allocate(8).address(), 8)).isEqualTo(-1);
        assertThat(errno.value()).isEqualTo(Errno.EAGAIN);
      } finally {
        Libc.close(errno, fd);
        java.nio.file.Files.delete(fifo);
        java.nio.file.Files.delete(fifo.getParent());
      }
    }
  }

  @Test
  void shouldFailAnIoctlThatTheDeviceDoesNotKnow() {
    try (Errno errno = new Errno();
        Arena arena = Arena.ofConfined()) {
      final int fd = Libc.open(errno, "/dev/null", Libc.O_RDWR | Libc.O_CLOEXEC);
      try {
        assertThat(Libc.ioctl(errno, fd, 0x400454CAL, arena.allocate(40))).isEqualTo(-1);
        assertThat(errno.message()).isEqualTo("Inappropriate ioctl for device");
      } finally {
        Libc.close(errno, fd);
      }
    }
  }

  @Test
  void shouldPinTheCallingThreadWhenSchedSetaffinityGetsOneCpu() throws Exception {
    try (Errno errno = new Errno();
        Arena arena = Arena.ofConfined()) {
      final MemorySegment original = arena.allocate(128);
      assertThat(Libc.schedGetaffinity(errno, 0, original)).isZero();
      final int tid = Libc.gettid();
      assertThat(tid).isPositive();
      // the lowest CPU we may run on
      int cpu = 0;
      while ((original.get(ValueLayout.JAVA_BYTE, cpu / 8) & (1 << (cpu % 8))) == 0) {
        cpu++;
      }
      final MemorySegment one = arena.allocate(128);
      one.set(ValueLayout.JAVA_BYTE, cpu / 8, (byte) (1 << (cpu % 8)));
      try {
        assertThat(Libc.schedSetaffinity(errno, tid, one)).isZero();
        final String status =
            java.nio.file.Files.readString(
                java.nio.file.Path.of("/proc/self/task/" + tid + "/status"));
        assertThat(status).contains("Cpus_allowed_list:\t" + cpu + "\n");
      } finally {
        assertThat(Libc.schedSetaffinity(errno, 0, original)).isZero();
      }
    }
  }

  @Test
  void shouldReportEinvalWhenTheAffinityMaskHasNoCpu() {
    try (Errno errno = new Errno();
        Arena arena = Arena.ofConfined()) {
      assertThat(Libc.schedSetaffinity(errno, 0, arena.allocate(128))).isEqualTo(-1);
      assertThat(errno.value()).isEqualTo(Errno.EINVAL);
    }
  }
}
