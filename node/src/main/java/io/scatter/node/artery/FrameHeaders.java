package io.scatter.node.artery;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.util.ByteString;

/**
 * Follows an inbound Artery TCP connection's bytes just far enough to find each frame's length,
 * and says when a length cannot be a real frame. The stream is Pekko's: 4 magic bytes, a stream id
 * byte, then frames of a 4-byte little-endian length and that many bytes. Only the headers are read;
 * a frame's body is skipped by counting, so the cost is per frame, not per byte.
 *
 * <p>Why: Pekko 1.2.1's own framing ({@code TcpFraming}) never checks the length. One of
 * 0x7fffffff (or any negative one) overflows its reader's offset, and it then hands the same
 * bytes on, as a new frame, every time it is asked, forever, even after the sender has gone
 * (docs/upstream/artery-incompatible-version-loop.md). A length past the configured maximum frame
 * size would be buffered whole before anyone looked at it.
 */
final class FrameHeaders {

  /** Pekko's magic bytes and the stream id. */
  private static final int CONNECTION_HEADER = 5;
  private static final int MAGIC_BYTES = 4;
  /** What an Artery TCP connection starts with: Akka's magic, which Pekko 1.x sends, and Pekko 2's own. */
  private static final List<ByteString> MAGIC = List.of(ByteString.fromString("AKKA", StandardCharsets.US_ASCII),
      ByteString.fromString("PEKK", StandardCharsets.US_ASCII));
  private static final int LENGTH_BYTES = 4;
  /**
   * The fixed part of every Artery envelope (version, flags, table versions, uid, serializer and
   * three tags: {@code EnvelopeBuffer.MetadataContainerAndLiteralSectionOffset}); no frame Pekko
   * sends is shorter.
   */
  static final int MIN_FRAME = 28;

  private final FrameLimits limits;
  private ByteString header = ByteString.emptyByteString();
  /** Bytes that do not start with the magic are Pekko's to refuse (it closes such a connection quietly). */
  private boolean notArtery;
  private int streamId = -1;
  private int lengthSeen;
  private int length;
  /** Body bytes of the current frame still to come; when 0, a length is next. */
  private long bodyLeft;

  FrameHeaders(FrameLimits limits) {
    this.limits = limits;
  }

  /**
   * Reads {@code bytes}, the next bytes of the connection.
   *
   * @return why the connection must be closed, at the first frame length that cannot be a frame;
   *     empty while every length seen fits. After a problem the reader must not be used again.
   */
  Optional<String> accept(ByteString bytes) {
    int at = 0;
    int size = bytes.length();
    while (at < size && !notArtery) {
      if (header.length() < CONNECTION_HEADER) {
        header = header.concat(bytes.slice(at, at + 1));
        at++;
        if (header.length() == MAGIC_BYTES) {
          notArtery = !MAGIC.contains(header);
        } else if (header.length() == CONNECTION_HEADER) {
          streamId = header.apply(MAGIC_BYTES) & 0xff;
        }
      } else if (bodyLeft > 0) {
        int skipped = (int) Math.min(bodyLeft, size - at);
        bodyLeft -= skipped;
        at += skipped;
      } else {
        length |= (bytes.apply(at) & 0xff) << (8 * lengthSeen);
        lengthSeen++;
        at++;
        if (lengthSeen == LENGTH_BYTES) {
          Optional<String> problem = check(length);
          if (problem.isPresent()) {
            return problem;
          }
          bodyLeft = length;
          length = 0;
          lengthSeen = 0;
        }
      }
    }
    return Optional.empty();
  }

  private Optional<String> check(int frameLength) {
    int max = limits.forStream(streamId);
    if (frameLength < MIN_FRAME || frameLength > max) {
      return Optional.of("a frame of " + frameLength + " bytes (0x"
          + Integer.toHexString(frameLength) + ") on stream " + streamId + ", where frames are " + MIN_FRAME + " to "
          + max + " bytes");
    }
    return Optional.empty();
  }
}
