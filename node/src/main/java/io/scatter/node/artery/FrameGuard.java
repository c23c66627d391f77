package io.scatter.node.artery;

import java.util.Optional;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.scaladsl.Framing;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes an inbound Artery TCP connection's bytes through unchanged and closes the connection, with
 * one log line, at the first frame length that cannot be a frame ({@link FrameHeaders}). It fails
 * the way Pekko's own framing fails on bad magic bytes, a {@code FramingException}, which ends that
 * connection only; the member's other connections and inbound streams go on.
 */
final class FrameGuard extends GraphStage<FlowShape<ByteString, ByteString>> {

  private static final Logger LOG = LoggerFactory.getLogger(FrameGuard.class);

  private final Inlet<ByteString> in = Inlet.create("FrameGuard.in");
  private final Outlet<ByteString> out = Outlet.create("FrameGuard.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final FrameLimits limits;

  FrameGuard(FrameLimits limits) {
    this.limits = limits;
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    FrameHeaders headers = new FrameHeaders(limits);
    return new GraphStageLogic(shape) {
      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            ByteString bytes = grab(in);
            Optional<String> problem = headers.accept(bytes);
            if (problem.isPresent()) {
              LOG.warn("closed an inbound cluster connection that announced {}: not a cluster member's traffic",
                  problem.get());
              failStage(new Framing.FramingException("refused " + problem.get()));
            } else {
              push(out, bytes);
            }
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            pull(in);
          }
        });
      }
    };
  }
}
