package io.scatter.protocol.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serializers for the JDK's immutable collections ({@code List.of}, {@code List.copyOf},
 * {@code Set.of}, {@code Map.copyOf}, ...). Their classes are JDK-internal and have no no-arg
 * constructor, so Kryo's collection serializers cannot create them; these write the size and the
 * elements and rebuild an immutable collection of the same kind. Elements are written with their
 * class id, so each must itself be registered.
 */
final class ImmutableCollectionSerializers {

  private ImmutableCollectionSerializers() {
  }

  static final class ListSerializer extends Serializer<List<?>> {

    ListSerializer() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, List<?> list) {
      writeElements(kryo, output, list);
    }

    @Override
    public List<?> read(Kryo kryo, Input input, Class<? extends List<?>> type) {
      Object[] elements = readElements(kryo, input);
      // List.of refuses nulls; only Stream.toList() makes an immutable list that may hold them.
      return containsNull(elements) ? Collections.unmodifiableList(Arrays.asList(elements)) : List.of(elements);
    }
  }

  static final class SetSerializer extends Serializer<Set<?>> {

    SetSerializer() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, Set<?> set) {
      writeElements(kryo, output, set);
    }

    @Override
    public Set<?> read(Kryo kryo, Input input, Class<? extends Set<?>> type) {
      return Set.of(readElements(kryo, input));
    }
  }

  static final class MapSerializer extends Serializer<Map<?, ?>> {

    MapSerializer() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, Map<?, ?> map) {
      output.writeVarInt(map.size(), true);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        kryo.writeClassAndObject(output, entry.getKey());
        kryo.writeClassAndObject(output, entry.getValue());
      }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Map<?, ?> read(Kryo kryo, Input input, Class<? extends Map<?, ?>> type) {
      Map.Entry<Object, Object>[] entries = new Map.Entry[readSize(input, 2)];
      for (int i = 0; i < entries.length; i++) {
        entries[i] = Map.entry(kryo.readClassAndObject(input), kryo.readClassAndObject(input));
      }
      return Map.ofEntries(entries);
    }
  }

  private static void writeElements(Kryo kryo, Output output, Collection<?> elements) {
    output.writeVarInt(elements.size(), true);
    for (Object element : elements) {
      kryo.writeClassAndObject(output, element);
    }
  }

  private static Object[] readElements(Kryo kryo, Input input) {
    Object[] elements = new Object[readSize(input, 1)];
    for (int i = 0; i < elements.length; i++) {
      elements[i] = kryo.readClassAndObject(input);
    }
    return elements;
  }

  /**
   * Reads a size and checks it against the bytes left, each element taking at least
   * {@code minBytesEach}: a corrupt size fails here instead of allocating a huge array.
   */
  static int readSize(Input input, int minBytesEach) {
    int size = input.readVarInt(true);
    long available = input.limit() - input.position();
    if (size < 0 || (long) size * minBytesEach > available) {
      throw new KryoException("corrupt input: a collection claims " + Integer.toUnsignedString(size)
          + " elements but only " + available + " bytes remain");
    }
    return size;
  }

  private static boolean containsNull(Object[] elements) {
    for (Object element : elements) {
      if (element == null) {
        return true;
      }
    }
    return false;
  }
}
