package io.scatter.node.artery;

import com.typesafe.config.Config;

/**
 * The largest frame an inbound Artery TCP connection may announce, per stream: Pekko's own
 * {@code maximum-frame-size} for the control and ordinary streams and {@code maximum-large-frame-size}
 * for the large-message stream, so nothing Pekko itself would send is refused.
 */
record FrameLimits(int ordinary, int large) {

  static final String FRAME_KEY = "pekko.remote.artery.advanced.maximum-frame-size";
  static final String LARGE_FRAME_KEY = "pekko.remote.artery.advanced.maximum-large-frame-size";
  /** Artery's stream ids, sent once as the fifth byte of a connection ({@code ArteryTransport}). */
  private static final int CONTROL = 1;
  private static final int ORDINARY = 2;
  private static final int LARGE = 3;

  FrameLimits {
    if (ordinary < FrameHeaders.MIN_FRAME || large < FrameHeaders.MIN_FRAME) {
      throw new IllegalArgumentException("frame limits must be at least " + FrameHeaders.MIN_FRAME + " bytes, got "
          + ordinary + " and " + large);
    }
  }

  static FrameLimits from(Config config) {
    return new FrameLimits(bytes(config, FRAME_KEY), bytes(config, LARGE_FRAME_KEY));
  }

  /** The limit for {@code streamId}; an id Artery does not use gets the larger one (Artery refuses it itself). */
  int forStream(int streamId) {
    return switch (streamId) {
      case CONTROL, ORDINARY -> ordinary;
      case LARGE -> large;
      default -> Math.max(ordinary, large);
    };
  }

  private static int bytes(Config config, String key) {
    return (int) Math.min(Integer.MAX_VALUE, config.getBytes(key));
  }
}
