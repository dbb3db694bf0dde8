package io.vstack.pcap;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;

/**
 * Random bytes fed to the capture reader never escape as anything but {@link
 * CaptureFormatException}: no IndexOutOfBounds, no NegativeArraySize, no OutOfMemory from a length
 * field, no endless loop. Runs the corpus in a normal build; with JAZZER_FUZZ=1 it fuzzes.
 */
class CaptureReaderFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void shouldOnlyEverThrowCaptureFormatExceptionWhenReadingArbitraryBytes(
      final FuzzedDataProvider data) throws IOException {
    final byte[] bytes = data.consumeRemainingAsBytes();
    try (CaptureReader reader =
        CaptureReader.open(Channels.newChannel(new ByteArrayInputStream(bytes)), "fuzz")) {
      long packets = 0;
      while (reader.next()) {
        packets++;
        if (reader.capturedLength() > reader.packet().capacity() || packets > bytes.length) {
          throw new AssertionError(
              "packet view of "
                  + reader.packet().capacity()
                  + " bytes for a captured length "
                  + reader.capturedLength()
                  + " after "
                  + packets
                  + " packets");
        }
        if (reader.capturedLength() > 0) {
          reader.packet().getByte(reader.capturedLength() - 1);
        }
      }
    } catch (final CaptureFormatException expected) {
      // the only failure a malformed file may cause
    }
  }
}
