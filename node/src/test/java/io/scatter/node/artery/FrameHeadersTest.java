package io.scatter.node.artery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

final class FrameHeadersTest {

  private static final FrameLimits LIMITS = new FrameLimits(1024, 4096);
  private static final int CONTROL = 1;
  private static final int ORDINARY = 2;
  private static final int LARGE = 3;

  /** A connection as Artery writes it: magic, stream id, then each frame's little-endian length and body. */
  private static byte[] connection(int streamId, int... frameLengths) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("AKKA".getBytes(StandardCharsets.US_ASCII));
    bytes.write(streamId);
    for (int length : frameLengths) {
      bytes.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(length).array());
      bytes.writeBytes(new byte[Math.max(0, Math.min(length, 5000))]);
    }
    return bytes.toByteArray();
  }

  private static Optional<String> acceptInChunks(byte[] bytes, int chunk) {
    FrameHeaders headers = new FrameHeaders(LIMITS);
    for (int at = 0; at < bytes.length; at += chunk) {
      Optional<String> problem = headers.accept(ByteString.fromArray(Arrays.copyOfRange(bytes, at,
          Math.min(bytes.length, at + chunk))));
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  @Test
  void accept_framesWithinTheLimits_passInAnyChunking() {
    byte[] bytes = connection(ORDINARY, 28, 1024, 300, 28);
    for (int chunk = 1; chunk <= bytes.length; chunk++) {
      assertEquals(Optional.empty(), acceptInChunks(bytes, chunk), "chunks of " + chunk);
    }
  }

  @Test
  void accept_lengthOfMaxInt_isRefused() {
    Optional<String> problem = acceptInChunks(connection(CONTROL, 0x7fffffff), 1009);

    assertTrue(problem.orElseThrow().contains("2147483647 bytes (0x7fffffff) on stream 1"), problem.get());
  }

  @Test
  void accept_negativeLength_isRefused() {
    assertTrue(acceptInChunks(connection(ORDINARY, 100, 0x80000000), 7).isPresent());
  }

  @Test
  void accept_lengthPastTheStreamsMaximum_isRefusedBeforeTheBodyArrives() {
    FrameHeaders headers = new FrameHeaders(LIMITS);
    byte[] header = Arrays.copyOf(connection(ORDINARY, 1025), 9);

    assertTrue(headers.accept(ByteString.fromArray(header)).isPresent());
  }

  @Test
  void accept_theLargeStream_hasTheLargeLimit() {
    assertEquals(Optional.empty(), acceptInChunks(connection(LARGE, 4096), 100));
    assertTrue(acceptInChunks(connection(LARGE, 4097), 100).isPresent());
    assertTrue(acceptInChunks(connection(CONTROL, 4096), 100).isPresent());
  }

  @Test
  void accept_frameShorterThanAnEnvelopeHeader_isRefused() {
    assertTrue(acceptInChunks(connection(ORDINARY, 0), 3).isPresent());
    assertTrue(acceptInChunks(connection(ORDINARY, 28, 27), 3).isPresent());
  }

  @Test
  void accept_bytesWithoutArterysMagic_areLeftToPekko() {
    byte[] bytes = connection(ORDINARY, 0x7fffffff);
    bytes[0] = 'X';

    assertEquals(Optional.empty(), acceptInChunks(bytes, 2));
  }
}
