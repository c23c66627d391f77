package io.scatter.protocol.wire;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Kryo's id-based class resolver with two changes: every typed {@link ActorRef} implementation
 * shares the registration of the {@code ActorRef} interface, and a class sent by name is refused.
 */
final class WireClassResolver extends DefaultClassResolver {

  /**
   * A typed ref may be a local adapter, a remote one or the system itself, all internal Pekko
   * classes; they are written the same way (as a path), so one id serves them all. The alias is
   * cached like any registration, so the subtype check runs once per implementation class.
   */
  @Override
  @SuppressWarnings("rawtypes")
  public Registration getRegistration(Class type) {
    Registration registration = super.getRegistration(type);
    if (registration == null && ActorRef.class.isAssignableFrom(type)) {
      registration = super.getRegistration(ActorRef.class);
      if (registration != null) {
        classToRegistration.put(type, registration);
      }
    }
    return registration;
  }

  /**
   * A class name on the wire means the sender did not require registration. Kryo would load the
   * named class before noticing it is not registered; refuse it without loading it.
   */
  @Override
  protected Registration readName(Input input) {
    input.readVarInt(true); // the sender's name id
    String className = input.readString();
    throw new KryoException("class " + className + " was sent by name, which scatter's wire format refuses:"
        + " only registered classes, sent by id, are accepted");
  }
}
