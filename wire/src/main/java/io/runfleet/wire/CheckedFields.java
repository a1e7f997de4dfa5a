package io.runfleet.wire;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The fields of a message type that decoding checks, found once per type: looking up a record's components and
 * calling their accessors reflectively on every message was a large share of decoding.
 *
 * @param required    the identity fields (ids, kinds, outcomes) that must be present, in declaration order
 * @param identifiers the fields that hold identifiers ({@link Identifiers}), in declaration order
 */
record CheckedFields(List<Field> required, List<Field> identifiers) {

    private static final Set<String> REQUIRED = Set.of("studyId", "runId", "kind", "agentId", "outcome", "spec");
    private static final Set<String> IDENTIFIERS = Set.of("studyId", "runId", "agentId", "host", "parentRunId");
    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

    private static final ClassValue<CheckedFields> BY_TYPE = new ClassValue<>() {
        @Override
        protected CheckedFields computeValue(Class<?> type) {
            List<Field> required = new ArrayList<>();
            List<Field> identifiers = new ArrayList<>();
            RecordComponent[] components = type.getRecordComponents();
            for (RecordComponent component : components == null ? new RecordComponent[0] : components) {
                Field field = new Field(component.getName(), getter(component));
                if (REQUIRED.contains(field.name())) {
                    required.add(field);
                }
                if (IDENTIFIERS.contains(field.name())) {
                    identifiers.add(field);
                }
            }
            return new CheckedFields(List.copyOf(required), List.copyOf(identifiers));
        }
    };

    static CheckedFields of(Class<?> type) {
        return BY_TYPE.get(type);
    }

    private static MethodHandle getter(RecordComponent component) {
        try {
            return MethodHandles.publicLookup().unreflect(component.getAccessor()).asType(GETTER);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }

    /** One record component by name, with its accessor. */
    record Field(String name, MethodHandle getter) {

        Object valueIn(Object message) {
            try {
                return (Object) getter.invokeExact(message);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
